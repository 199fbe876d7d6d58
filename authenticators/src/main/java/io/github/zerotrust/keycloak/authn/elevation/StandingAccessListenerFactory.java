package io.github.zerotrust.keycloak.authn.elevation;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Watches admin role assignments in every realm (global, nothing to switch on) for privileged roles given outside
 * JIT and new second factors of privileged accounts, forgets a removed user's or realm's elevations, and keeps the
 * token cap's client scope on every realm and OIDC client ({@link ElevationTokenScope}).
 */
public final class StandingAccessListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "zt-standing-access";
    private static final Logger LOG = Logger.getLogger(StandingAccessListenerFactory.class);

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new StandingAccessListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                ensureTokenCapEverywhere(factory);
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ElevationTokenScope.ensure(created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new ElevationStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                new ElevationStore(removed.getKeycloakSession()).deleteUser(removed.getRealm().getId(), removed.getUser().getId());
            }
        });
    }

    /**
     * Each realm in a transaction of its own, and never a failed start: nodes of a cluster start together and may
     * both try to create a realm's scope; the loser's transaction fails on the unique name, the winner's scope is
     * there, and the next start (or the realm's next node) completes what is missing.
     */
    private static void ensureTokenCapEverywhere(KeycloakSessionFactory factory) {
        List<String> realmIds = new ArrayList<>();
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                .map(RealmModel::getId).forEach(realmIds::add));
        for (String realmId : realmIds) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) {
                        ElevationTokenScope.ensure(realm);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("Realm %s: the elevation token cap's client scope could not be checked now (%s); "
                        + "the next start tries again", realmId, e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
