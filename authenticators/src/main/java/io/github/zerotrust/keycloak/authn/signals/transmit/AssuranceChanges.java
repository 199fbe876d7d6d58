package io.github.zerotrust.keycloak.authn.signals.transmit;

import io.github.zerotrust.keycloak.ssf.AssuranceLevels;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * Tells a transmitting realm's receivers when a session's assurance rose: an SSO session signed in with a password
 * and later stepped up to a second factor (or to a phishing-resistant key) is {@code assurance-level-change},
 * {@code change_direction=increase}, in the {@value AssuranceLevels#NAMESPACE} namespace. The session keeps the level
 * last told ({@value #TOLD}), so a sign-in that changes nothing says nothing and the first sign-in of a session only
 * sets the baseline (a new session is not a change of one). Decreases are not seen here: a session's level does not go
 * down inside it (a weaker sign-in keeps the session's highest level); what lowers trust in a session ends it, and
 * that goes out as {@code session-revoked}.
 */
public final class AssuranceChanges {

    /** User-session note: the NIST level this session was last told at. */
    static final String TOLD = "zt.assurance.told";

    private AssuranceChanges() {
    }

    /** After a sign-in ({@code LOGIN}) into {@code sessionId}: tells receivers if its level rose. Cheap when not transmitting. */
    public static void afterSignIn(KeycloakSession session, RealmModel realm, String userId, String sessionId) {
        if (sessionId == null || !CaepOut.enabled(realm)) {
            return;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, sessionId);
        if (userSession == null || userSession.getUser() == null || !userSession.getUser().getId().equals(userId)) {
            return;
        }
        Map<String, Integer> names = AcrUtils.getAcrLoaMap(realm);
        OptionalInt highest = AssuranceLevels.highestLevel(userSession.getNote(Constants.LOA_MAP));
        Optional<String> now = highest.isEmpty() ? Optional.empty() : AssuranceLevels.nistAal(highest.getAsInt(), names);
        if (now.isEmpty()) {
            return;
        }
        String told = userSession.getNote(TOLD);
        if (now.get().equals(told)) {
            return;
        }
        userSession.setNote(TOLD, now.get());
        // nist-aal1 < nist-aal2 < nist-aal3 as text; a note that reads as none of them is a baseline, not a change.
        if (told != null && told.startsWith("nist-aal") && now.get().compareTo(told) > 0) {
            UserModel user = userSession.getUser();
            CaepOut.assuranceRaised(session, realm, user, told, now.get());
        }
    }
}
