package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskReason;
import java.util.List;
import java.util.Locale;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The body of a high-risk alert: what an admin needs to act, and nothing Keycloak's own events do
 * not already hold (no tokens, no passwords, no cookies).
 */
record RiskAlert(String type, String realm, String userId, String username, String ipAddress, String country,
                 int score, String level, List<Reason> reasons, String at) {

    static final String TYPE = "zero-trust.high-risk-sign-in";
    /** Every sign-in, let in or failed, of a break-glass account. */
    static final String BREAK_GLASS_TYPE = "zero-trust.break-glass-sign-in";
    static final String CRITICAL = "critical";

    record Reason(String signal, String detail, int weight) {
    }

    static RiskAlert of(RealmModel realm, UserModel user, ClientConnection connection, SignInLocation location,
                        Assessment assessment) {
        List<Reason> reasons = assessment.reasons().stream()
                .map((RiskReason r) -> new Reason(r.signal(), r.detail(), r.weight())).toList();
        return new RiskAlert(TYPE, realm.getName(), user.getId(), user.getUsername(), connection.getRemoteHost(),
                location.country().isKnown() ? location.country().isoCode() : "unknown", assessment.score(),
                assessment.level().name().toLowerCase(Locale.ROOT), reasons, assessment.at().toString());
    }

    /**
     * A sign-in of a break-glass account: level {@value #CRITICAL}; the score is the assessment's when the flow
     * assessed the sign-in, else 0; the one reason says whether it was let in or failed (and Keycloak's error id).
     */
    static RiskAlert breakGlass(String realm, String userId, String username, String ipAddress, String country, int score,
                                String what, java.time.Instant at) {
        return new RiskAlert(BREAK_GLASS_TYPE, realm, userId, username, ipAddress, country, score, CRITICAL,
                List.of(new Reason("break-glass", what, 0)), at.toString());
    }

    boolean breakGlass() {
        return BREAK_GLASS_TYPE.equals(type);
    }
}
