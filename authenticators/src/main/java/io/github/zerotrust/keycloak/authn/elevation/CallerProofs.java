package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.elevation.ElevationSafeguards;
import io.github.zerotrust.keycloak.elevation.RecentAuthentication;
import io.github.zerotrust.keycloak.elevation.SessionProof;
import io.github.zerotrust.keycloak.elevation.Strength;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.representations.AccessToken;

/**
 * Reads what a caller's token or session proves ({@link SessionProof}) from Keycloak's records:
 * <ul>
 *   <li>strengths are levels of authentication named only by the realm's {@code acr.loa.map}: a client's own map
 *       may relabel its tokens' {@code acr}, never what counts as {@code mfa} or {@code phr};</li>
 *   <li>over REST, the presented token's own {@code acr} and {@code auth_time} — a token from before a step-up in
 *       another app stays what it was — and no later than the session's record of that level;</li>
 *   <li>impersonation from Keycloak's {@code IMPERSONATOR_ID} session note, a restricted session from
 *       {@code zt.device.restricted=true}, the newest second factor from the user's stored credentials.</li>
 * </ul>
 */
final class CallerProofs {

    /** The user-session note {@code zt-restrict-unmanaged} sets for a session of an unmanaged device. */
    static final String RESTRICTED_NOTE = "zt.device.restricted";
    private static final String PASSWORD = "password";

    private CallerProofs() {
    }

    /** A REST call with a bearer token: what the token shows, from a session of the user's own, by a listed app. */
    static SessionProof ofToken(RealmModel realm, UserModel user, UserSessionModel session, AccessToken token,
                                ClientModel client) {
        ElevationSafeguards safeguards = ElevationSafeguards.parse(realm.getAttributes());
        List<RecentAuthentication> shown = new ArrayList<>();
        Integer level = tokenLevel(token.getAcr(), client);
        if (level != null && token.getAuth_time() != null) {
            Instant at = Instant.ofEpochSecond(token.getAuth_time());
            // A refreshed token keeps its acr while auth_time follows the session's latest sign-in, at any level:
            // the level counts no later than the session last reached it.
            Optional<Instant> reached = reachedAtOrAbove(levels(session == null ? null : session.getNote(Constants.LOA_MAP)), level);
            Instant when = reached.filter(r -> r.isBefore(at)).orElse(at);
            shown.add(new RecentAuthentication(strength(realm, level), when));
        }
        return new SessionProof(impersonated(session), restricted(session), safeguards.allows(token.getIssuedFor()), shown,
                started(session, session == null ? null : session.getNote(Constants.LOA_MAP)), newestFactor(user));
    }

    /**
     * A browser session (the approvals page, {@code kc_action=zt-elevate}): the levels it reached and when, from
     * Keycloak's records ({@code loaMaps}: this sign-in's, then the session's), named by the realm's map.
     */
    static SessionProof ofSession(RealmModel realm, UserModel user, UserSessionModel session, String... loaMaps) {
        List<RecentAuthentication> shown = new ArrayList<>();
        for (String loaMap : loaMaps) {
            levels(loaMap).forEach((level, at) -> shown.add(new RecentAuthentication(strength(realm, level), at)));
        }
        return new SessionProof(impersonated(session), restricted(session), true, shown, started(session, loaMaps),
                newestFactor(user));
    }

    /** The admin acting in an impersonated session, if it is one. */
    static Optional<String> impersonator(UserSessionModel session) {
        return Optional.ofNullable(session == null ? null : session.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString()));
    }

    private static boolean impersonated(UserSessionModel session) {
        return impersonator(session).isPresent();
    }

    private static boolean restricted(UserSessionModel session) {
        return session != null && "true".equals(session.getNote(RESTRICTED_NOTE));
    }

    /**
     * When this sign-in began: the user session's start, or — Keycloak creates the user session only after the
     * required actions of a first sign-in, where a factor may be set up — the first level this sign-in reached
     * (its password), whichever is earlier.
     */
    private static Optional<Instant> started(UserSessionModel session, String... loaMaps) {
        Optional<Instant> start = session == null ? Optional.empty() : Optional.of(Instant.ofEpochSecond(session.getStarted()));
        for (String loaMap : loaMaps) {
            for (Instant at : levels(loaMap).values()) {
                start = Optional.of(start.filter(s -> s.isBefore(at)).orElse(at));
            }
        }
        return start;
    }

    /** When the user's newest second factor (anything but a password) was set up. */
    static Optional<Instant> newestFactor(UserModel user) {
        return user.credentialManager().getStoredCredentialsStream()
                .filter(c -> c.getType() != null && !c.getType().startsWith(PASSWORD) && c.getCreatedDate() != null)
                .map(CredentialModel::getCreatedDate).max(Long::compare).map(Instant::ofEpochMilli);
    }

    /** A level named through the realm's map: at or above {@code phr}'s level is phishing-resistant, and so on. */
    static Strength strength(RealmModel realm, int level) {
        Map<String, Integer> names = AcrUtils.getAcrLoaMap(realm);
        return strength(names, level);
    }

    static Strength strength(Map<String, Integer> realmNames, int level) {
        Integer mfa = realmNames.get(Strength.MFA.id());
        Integer phr = realmNames.get(Strength.PHISHING_RESISTANT.id());
        return phr != null && level >= phr ? Strength.PHISHING_RESISTANT
                : mfa != null && level >= mfa ? Strength.MFA : Strength.NONE;
    }

    /**
     * The level a token's {@code acr} stands for: Keycloak wrote the level's name from the map of the client the token
     * was issued to (its own, or the realm's), or the number itself when the map names none.
     */
    static Integer tokenLevel(String acr, ClientModel client) {
        if (acr == null || acr.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(acr.strip());
        } catch (NumberFormatException named) {
            Map<String, Integer> names = client == null ? Map.of() : AcrUtils.getAcrLoaMap(client);
            return names.get(acr.strip());
        }
    }

    /** Keycloak's {@code LOA_MAP} note (level → epoch seconds), unreadable parts skipped. */
    static Map<Integer, Instant> levels(String loaMap) {
        Map<Integer, Instant> levels = new TreeMap<>();
        if (loaMap == null || loaMap.isBlank()) {
            return levels;
        }
        JsonNode json;
        try {
            json = ElevationJson.JSON.readTree(loaMap);
        } catch (IOException e) {
            return levels;
        }
        if (json == null) {
            return levels;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> level = it.next();
            try {
                levels.put(Integer.parseInt(level.getKey()), Instant.ofEpochSecond(level.getValue().asLong()));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                // not a level
            }
        }
        return levels;
    }

    /** The latest time the session reached {@code level} or a higher one. */
    private static Optional<Instant> reachedAtOrAbove(Map<Integer, Instant> levels, int level) {
        return levels.entrySet().stream().filter(e -> e.getKey() >= level).map(Map.Entry::getValue).max(Instant::compareTo);
    }
}
