package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.assessment.Score;
import io.github.zerotrust.keycloak.assessment.ScoreHistory;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * The realm's score history, kept as one bounded realm attribute ({@value #ATTRIBUTE}, at most
 * {@link ScoreHistory#MAX_ENTRIES} entries, about 9 KB). Recording locks the realm's row first and reads the stored
 * value from the database, not the realm cache, so two nodes recording at once both keep their entry; the write goes
 * through the realm model, so every node's realm cache is invalidated as for any realm change.
 */
final class ScoreRecord {

    static final String ATTRIBUTE = "zt.assessment.history";

    private final KeycloakSession session;
    private final RealmModel realm;

    ScoreRecord(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    ScoreHistory history() {
        return ScoreHistory.read(realm.getAttribute(ATTRIBUTE));
    }

    /** Adds the score at {@code at}; the history as it now stands. */
    ScoreHistory record(Instant at, Score score) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        // A no-op update holds the realm's row lock until commit, on every database: a second recorder, on any node,
        // waits here. (A PESSIMISTIC_WRITE refresh of RealmEntity does not: Hibernate's follow-on locking of its
        // collection tables fails on empty ones.)
        em.createQuery("update RealmEntity r set r.name = r.name where r.id = :realm").setParameter("realm", realm.getId())
                .executeUpdate();
        // Reload after the lock, so the value (and the attribute rows the realm model will update) are the committed ones.
        RealmEntity row = em.find(RealmEntity.class, realm.getId());
        em.refresh(row);
        String stored = em.createQuery("select a.value from RealmAttributeEntity a where a.realm.id = :realm and a.name = :name",
                        String.class)
                .setParameter("realm", realm.getId()).setParameter("name", ATTRIBUTE)
                .getResultStream().findFirst().orElse(null);
        ScoreHistory history = ScoreHistory.read(stored).with(at, score);
        realm.setAttribute(ATTRIBUTE, history.write());
        return history;
    }
}
