package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKinds;
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

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, StepKinds.ENROLMENT_GUARD);
        step.action().filter(Action.Deny.class::isInstance).map(Action.Deny.class::cast)
                .ifPresentOrElse(deny -> step.refuse(deny, null), context::success);
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
