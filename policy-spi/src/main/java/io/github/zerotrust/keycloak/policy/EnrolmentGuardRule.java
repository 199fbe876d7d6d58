package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code Zero Trust - no enrolment under risk}: whoever holds a stolen password must not register their
 * own authenticator. A user who would set up a second factor at or above the level is refused; so is
 * everyone when no assessment ran (fail closed).
 */
public final class EnrolmentGuardRule {

    /** Credential types that make a second factor; recovery codes alone do not count as enrolled. */
    public static final Set<String> SECOND_FACTORS = Set.of("otp", "webauthn", "webauthn-passwordless");
    /** Required actions that would enrol one. */
    public static final Set<String> ENROLMENT_ACTIONS = Set.of("CONFIGURE_TOTP", "webauthn-register", "webauthn-register-passwordless");

    /** @param level refuse enrolment at or above this level (default medium) */
    public record Settings(RiskLevel level) implements StepSettings {

        public static final String LEVEL = "level";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(LEVEL, "medium");

        public static Settings parse(Map<String, String> config) {
            return new Settings(RiskLevel.parse(ConfigMap.of(config).text(LEVEL, DEFAULT_TEXT.get(LEVEL))).orElse(RiskLevel.MEDIUM));
        }
    }

    private EnrolmentGuardRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        Who who = signIn.who().orElseThrow(() -> new IllegalArgumentException("the enrolment guard needs the user"));
        boolean enrolled = who.credentialTypes().stream().anyMatch(SECOND_FACTORS::contains);
        boolean enrolmentPending = who.pendingActions().stream().anyMatch(ENROLMENT_ACTIONS::contains);
        if (enrolled && !enrolmentPending) {
            return Verdict.passes(Reason.ENROLLED, "has a second factor");
        }
        Action refuse = new Action.Deny("ztEnrolmentRefused", List.of());
        if (signIn.assessment().isEmpty()) {
            return Verdict.acts(refuse, Reason.NO_ASSESSMENT, "no risk assessment in this flow: no new sign-in method may be set up");
        }
        Assessment a = signIn.assessment().get();
        if (!a.level().atLeast(settings.level())) {
            return Verdict.passes(Reason.RISK_BELOW_LEVEL, "risk " + a.level().name().toLowerCase(Locale.ROOT));
        }
        return Verdict.acts(refuse, Reason.ENROLMENT_UNDER_RISK, "risk " + a.level().name().toLowerCase(Locale.ROOT) + " ("
                + a.score() + ": " + a.reasonNames() + "): no new sign-in method may be set up");
    }
}
