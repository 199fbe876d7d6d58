package io.github.zerotrust.keycloak.authn.deny;

import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Refuses the sign-in, says why on a page the user can act on (or as an OAuth error for the
 * direct grant), and records the rules that matched and their reasons in the event.
 */
final class DenyAccess implements Authenticator {

    static final DenyAccess SINGLETON = new DenyAccess();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, StepKinds.DENY);
        step.action().filter(Action.Deny.class::isInstance).map(Action.Deny.class::cast)
                .ifPresentOrElse(deny -> step.refuse(deny, FlowStep.settings(context, StepKinds.DENY).customMessage()),
                        context::success);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // The page has no form: any post-back is refused the same way.
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
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
