package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.deny.Refusal;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * MFA for everyone it applies to (compose with conditions for groups, roles, clients or risk): a
 * user with a second factor passes on to the step that asks for it; a user without one is shown how
 * many days are left to set one up ("Set up now" or "Later"), and once the grace period is over is
 * refused until IT helps. Put {@code Zero Trust - no enrolment under risk} before it so that a risky
 * sign-in never enrols a factor.
 */
final class RequireMfa implements Authenticator {

    static final RequireMfa SINGLETON = new RequireMfa(KeycloakClock.get());
    static final String GRACE_STARTED = "zt.mfa.grace-started";
    /** Recovery codes (Keycloak's own) count as MFA here; they never count as phishing-resistant. */
    static final Set<String> SECOND_FACTORS = Set.of("otp", "webauthn", "webauthn-passwordless", "recovery-authn-code");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RequireMfa.class);

    private final Clock clock;
    private final ParsedConfig<RequireMfaConfig> configs = new ParsedConfig<>(RequireMfaConfig::parse);

    RequireMfa(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (hasSecondFactor(user)) {
            context.success();
            return;
        }
        RequireMfaConfig config = configs.of(context.getAuthenticatorConfig());
        Instant now = clock.instant();
        MfaGrace grace = new MfaGrace(graceStarted(user, now), config.grace());
        if (grace.isOver(now)) {
            String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), RequireMfaFactory.ID);
            Refusal.refuse(context, rule, "no second factor and the " + config.grace().toDays()
                    + "-day grace period to set one up is over", "ztMfaGraceOver", null);
            return;
        }
        Response page = context.form()
                .setAttribute("ztMfaDaysLeft", grace.daysLeft(now))
                .createForm("zt-mfa-enrol.ftl");
        context.challenge(page);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        RequireMfaConfig config = configs.of(context.getAuthenticatorConfig());
        if ("setup".equals(form.getFirst("choice"))) {
            context.getAuthenticationSession().addRequiredAction(config.setupAction());
        } else if (!"later".equals(form.getFirst("choice"))) {
            authenticate(context);
            return;
        }
        context.success();
    }

    private Instant graceStarted(UserModel user, Instant now) {
        String started = user.getFirstAttribute(GRACE_STARTED);
        if (started != null) {
            try {
                return Instant.ofEpochSecond(Long.parseLong(started));
            } catch (NumberFormatException e) {
                // An unreadable value is replaced below: the grace period starts again, once.
            }
        }
        try {
            user.setSingleAttribute(GRACE_STARTED, Long.toString(now.getEpochSecond()));
            return now;
        } catch (RuntimeException e) {
            // A read-only user store (e.g. LDAP) cannot remember the start: count from the account's creation.
            LOG.warnf("Cannot record the MFA grace start for user %s (%s); counting from the account's creation",
                    user.getId(), e.getMessage());
            Long created = user.getCreatedTimestamp();
            return created == null ? now : Instant.ofEpochMilli(created);
        }
    }

    static boolean hasSecondFactor(UserModel user) {
        return SECOND_FACTORS.stream().anyMatch(type -> user.credentialManager().isConfiguredFor(type));
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
