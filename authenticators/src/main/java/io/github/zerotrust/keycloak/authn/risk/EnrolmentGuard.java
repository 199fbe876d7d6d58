package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ConfigValues;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.deny.Refusal;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Never enrol a new factor while risk is elevated: whoever holds a stolen password must not be
 * able to register their own authenticator. A user with no second factor yet (or about to be asked
 * to set one up) at or above the level is refused with a page that says to contact IT; everyone
 * else passes. Without an assessment in the flow it refuses too (fail closed).
 */
final class EnrolmentGuard implements Authenticator {

    static final EnrolmentGuard SINGLETON = new EnrolmentGuard();

    static final String LEVEL = "level";
    /** Credential types that make a second factor; recovery codes alone do not count as enrolled. */
    static final Set<String> SECOND_FACTORS = Set.of("otp", "webauthn", "webauthn-passwordless");
    /** Required actions that would enrol one. */
    static final Set<String> ENROLMENT_ACTIONS = Set.of("CONFIGURE_TOTP", "webauthn-register", "webauthn-register-passwordless");

    private final ParsedConfig<RiskLevel> configs = new ParsedConfig<>(
            c -> RiskLevel.parse(ConfigValues.string(c, LEVEL, "medium")).orElse(RiskLevel.MEDIUM));

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RiskLevel level = configs.of(context.getAuthenticatorConfig());
        UserModel user = context.getUser();
        boolean enrolled = SECOND_FACTORS.stream().anyMatch(type -> user.credentialManager().isConfiguredFor(type));
        boolean enrolmentPending = Stream.concat(user.getRequiredActionsStream(),
                        context.getAuthenticationSession().getRequiredActions().stream())
                .anyMatch(ENROLMENT_ACTIONS::contains);
        if (enrolled && !enrolmentPending) {
            context.success();
            return;
        }
        Optional<Assessment> assessment = Assessment.fromNote(context.getAuthenticationSession().getAuthNote(RiskAssessment.NOTE));
        if (assessment.isPresent() && !assessment.get().level().atLeast(level)) {
            context.success();
            return;
        }
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), EnrolmentGuardFactory.ID);
        String reason = assessment.map(a -> "risk " + a.level().name().toLowerCase(Locale.ROOT) + " (" + a.score() + ": "
                        + a.reasonNames() + "): no new sign-in method may be set up")
                .orElse("no risk assessment in this flow: no new sign-in method may be set up");
        Refusal.refuse(context, rule, reason, "ztEnrolmentRefused", null);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
