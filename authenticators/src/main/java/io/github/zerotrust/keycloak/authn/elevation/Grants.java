package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.spi.ElevationProvider;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Giving and taking away the role of an elevation, through the {@code zt-elevation} provider (Keycloak's model API
 * by default), so caches, token mappers and the other nodes see the role come and go.
 */
final class Grants {

    private static final Logger LOG = Logger.getLogger(Grants.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ElevationStore store;
    private final Directory directory;
    private final ElevationAudit audit;

    Grants(KeycloakSession session, RealmModel realm, ElevationStore store, Directory directory, ElevationAudit audit) {
        this.session = session;
        this.realm = realm;
        this.store = store;
        this.directory = directory;
        this.audit = audit;
    }

    /**
     * Stores the elevation and gives the role in one transaction of their own: the database's unique key on active
     * elevations settles two parallel activations (on any node); the loser changes nothing and gets false.
     */
    boolean grant(UserModel user, Elevation elevation) {
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realmId);
                s.getContext().setRealm(r);
                new ElevationStore(s).insert(realmId, elevation);
                UserModel u = s.users().getUserById(r, user.getId());
                new Directory(s, r).role(elevation.role()).ifPresent(role -> s.getProvider(ElevationProvider.class).grant(r, u, role));
            });
        } catch (RuntimeException e) {
            // The usual cause is the unique key: a parallel activation of the same role won.
            LOG.warnf("Realm %s: activation of %s for user %s not stored: %s", realm.getName(), elevation.role(),
                    user.getId(), rootCause(e));
            return false;
        }
        audit.granted(user, elevation);
        ElevationMail.activated(session, realm, user, elevation);
        return true;
    }

    /** Takes the ended elevation's role away, unless another active elevation of the same user still holds it. */
    void revokeUnlessStillHeld(UserModel user, Elevation ended) {
        boolean stillElevated = store.activeElevationsOf(realm.getId(), user.getId()).stream()
                .anyMatch(e -> e.role().equals(ended.role()) && !e.id().equals(ended.id()));
        if (!stillElevated) {
            revoke(user, ended.role());
        }
    }

    /** Takes the role away, for a caller that knows no other active elevation holds it. */
    void revoke(UserModel user, RoleRef role) {
        directory.role(role).ifPresent(r -> session.getProvider(ElevationProvider.class).revoke(realm, user, r));
    }

    static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
