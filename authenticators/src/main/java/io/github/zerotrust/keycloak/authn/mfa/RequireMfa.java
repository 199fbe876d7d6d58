package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.FlowFacts;
import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.SignIn;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.policy.Who;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
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

    static final RequireMfa SINGLETON = new RequireMfa();

    private static final Logger LOG = Logger.getLogger(RequireMfa.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        SignIn facts = FlowFacts.of(context);
        FlowStep step = FlowStep.of(context, StepKinds.REQUIRE_MFA, facts.withWho(facts.who().map(w -> rememberGraceStart(context, w, facts.at()))));
        Optional<Action> action = step.action();
        if (action.isPresent() && action.get() instanceof Action.Deny deny) {
            step.refuse(deny, null);
        } else if (action.isPresent() && action.get() instanceof Action.OfferEnrolment offer) {
            context.challenge(context.form().setAttribute("ztMfaDaysLeft", offer.daysLeft()).createForm("zt-mfa-enrol.ftl"));
        } else {
            context.success();
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if ("setup".equals(form.getFirst("choice"))) {
            context.getAuthenticationSession().addRequiredAction(FlowStep.settings(context, StepKinds.REQUIRE_MFA).setupAction());
        } else if (!"later".equals(form.getFirst("choice"))) {
            authenticate(context);
            return;
        }
        context.success();
    }

    /**
     * The grace period counts from the first time this step meets a user without a second factor: that
     * moment is kept on the user. A read-only user store (e.g. LDAP) cannot keep it: the account's
     * creation counts instead.
     */
    private static Who rememberGraceStart(AuthenticationFlowContext context, Who who, Instant now) {
        UserModel user = context.getUser();
        if (who.mfaGraceStarted().isPresent() || !who.credentialTypes().isEmpty()) {
            return who;
        }
        // The instant the facts were gathered: the rule judges at it, so a grace of 0 days is over at once.
        Instant start = now;
        try {
            FlowFacts.startMfaGrace(context.getSession(), context.getRealm(), user, start);
        } catch (RuntimeException e) {
            LOG.warnf("Cannot record the MFA grace start for user %s (%s); counting from the account's creation",
                    user.getId(), e.getMessage());
            Long created = user.getCreatedTimestamp();
            start = created == null ? start : Instant.ofEpochMilli(created);
        }
        return who.withMfaGraceStarted(Optional.of(start));
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
