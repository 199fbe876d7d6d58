package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.broker.PartnerTrust;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.config.ConfigMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Zero Trust - require MFA (with grace period)}: a user with a second factor passes on to the step
 * that asks for it; one without is offered to set one up while the grace period runs, and refused after.
 */
public final class MfaRule {

    /** Recovery codes (Keycloak's own) count as MFA here; they never count as phishing-resistant. */
    public static final Set<String> SECOND_FACTORS = Set.of("otp", "webauthn", "webauthn-passwordless", "recovery-authn-code");

    /**
     * @param grace       how long a user without a second factor may still sign in without one (0 = none)
     * @param setupAction the required action that enrols one: {@code CONFIGURE_TOTP} or {@code webauthn-register}
     */
    public record Settings(Duration grace, String setupAction) implements StepSettings {

        public static final String GRACE_DAYS = "grace_days";
        public static final String SETUP = "setup";
        public static final int MAX_GRACE_DAYS = 90;
        public static final int DEFAULT_GRACE_DAYS = 7;
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(GRACE_DAYS, Integer.toString(DEFAULT_GRACE_DAYS),
                SETUP, "otp");

        public static Settings parse(Map<String, String> config) {
            ConfigMap in = ConfigMap.of(config);
            int days = in.number(GRACE_DAYS, DEFAULT_GRACE_DAYS, 0, MAX_GRACE_DAYS);
            String setup = in.text(SETUP, DEFAULT_TEXT.get(SETUP));
            return new Settings(Duration.ofDays(days), "webauthn".equals(setup) ? "webauthn-register" : "CONFIGURE_TOTP");
        }
    }

    private MfaRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        Who who = signIn.who().orElseThrow(() -> new IllegalArgumentException("the MFA rule needs the user"));
        Optional<Upstream> upstream = signIn.upstream().filter(u -> u.trustedFor(PartnerTrust.MFA));
        if (upstream.isPresent()) {
            // The realm trusts this provider's MFA and its token says it was done: it counts as the second factor.
            return Verdict.passes(Reason.UPSTREAM_TRUSTED, "MFA done at identity provider " + upstream.get().provider() + " ("
                    + upstream.get().why() + ")");
        }
        if (who.credentialTypes().stream().anyMatch(SECOND_FACTORS::contains)) {
            return Verdict.passes(Reason.HAS_SECOND_FACTOR, "has a second factor");
        }
        // The grace period starts the first time the rule meets the user: now, unless it met them before.
        MfaGrace grace = new MfaGrace(who.mfaGraceStarted().orElse(signIn.at()), settings.grace());
        Instant now = signIn.at();
        if (grace.isOver(now)) {
            return Verdict.acts(new Action.Deny("ztMfaGraceOver", java.util.List.of()), Reason.MFA_GRACE_OVER,
                    "no second factor and the " + settings.grace().toDays() + "-day grace period to set one up is over");
        }
        long left = grace.daysLeft(now);
        return Verdict.acts(new Action.OfferEnrolment(left), Reason.MFA_GRACE_RUNNING,
                "no second factor: " + left + " day(s) left to set one up");
    }
}
