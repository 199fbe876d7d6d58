package io.github.zerotrust.keycloak.authn.elevation;

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
                KeycloakModelUtils.runJobInTransaction(factory, session -> session.realms().getRealmsStream()
                        .forEach(ElevationTokenScope::ensure));
            } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
                ElevationTokenScope.ensure(created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new ElevationStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                new ElevationStore(removed.getKeycloakSession()).deleteUser(removed.getRealm().getId(), removed.getUser().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
