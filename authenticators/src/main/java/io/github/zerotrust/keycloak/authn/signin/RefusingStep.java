package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKind;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * A step whose rule only refuses or lets through (the enrolment guard, guest access): it asks its kind's rule about the
 * signed-in user and refuses with the suite's page or OAuth error when the rule says deny; everyone else passes.
 */
public final class RefusingStep implements Authenticator {

    private final StepKind<?> kind;

    public RefusingStep(StepKind<?> kind) {
        this.kind = kind;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, kind);
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
