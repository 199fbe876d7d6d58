package io.github.zerotrust.keycloak.authn.model;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * Read-modify-write of one realm attribute that two admins, or two nodes, may change at once: the realm's row is
 * locked first and the committed value is read from the database, not the realm cache, so a second writer waits and
 * then reads what the first one wrote. The write itself goes through the realm model (the caller's
 * {@code realm.setAttribute}), so every node's realm cache is invalidated as for any realm change.
 */
public final class LockedRealmAttribute {

    private LockedRealmAttribute() {
    }

    /** Locks the realm's row until the request's transaction ends and answers the attribute's committed value, or null. */
    public static String lockAndRead(KeycloakSession session, RealmModel realm, String attribute) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        // A no-op update holds the realm's row lock until commit, on every database: a second writer, on any node,
        // waits here. (A PESSIMISTIC_WRITE refresh of RealmEntity does not: Hibernate's follow-on locking of its
        // collection tables fails on empty ones.)
        em.createQuery("update RealmEntity r set r.name = r.name where r.id = :realm").setParameter("realm", realm.getId())
                .executeUpdate();
        // Reload after the lock, so the value (and the attribute rows the realm model will update) are the committed ones.
        RealmEntity row = em.find(RealmEntity.class, realm.getId());
        em.refresh(row);
        return em.createQuery("select a.value from RealmAttributeEntity a where a.realm.id = :realm and a.name = :name", String.class)
                .setParameter("realm", realm.getId()).setParameter("name", attribute)
                .getResultStream().findFirst().orElse(null);
    }
}
