package io.github.zerotrust.keycloak.authn.guest;

import io.github.zerotrust.keycloak.authn.signin.FlowStep;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Refuses a guest past his end date, or without a sponsor and end date he cannot change; everyone else passes. */
final class GuestAccess implements Authenticator {

    static final GuestAccess SINGLETON = new GuestAccess();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        FlowStep step = FlowStep.of(context, StepKinds.GUEST_ACCESS);
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
