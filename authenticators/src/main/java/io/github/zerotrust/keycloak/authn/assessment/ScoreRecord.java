package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.assessment.Score;
import io.github.zerotrust.keycloak.assessment.ScoreHistory;
import io.github.zerotrust.keycloak.authn.model.LockedRealmAttribute;
import java.time.Instant;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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
        String stored = LockedRealmAttribute.lockAndRead(session, realm, ATTRIBUTE);
        ScoreHistory history = ScoreHistory.read(stored).with(at, score);
        realm.setAttribute(ATTRIBUTE, history.write());
        return history;
    }
}
