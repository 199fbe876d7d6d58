package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.StepKind;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Every zero-trust condition: its kind decides, {@link FlowStep} concludes. One singleton per kind. */
public final class RuleCondition implements ConditionalAuthenticator {

    private final StepKind<?> kind;

    public RuleCondition(StepKind<?> kind) {
        if (kind.role() != StepKind.Role.CONDITION) {
            throw new IllegalArgumentException(kind + " is not a condition");
        }
        this.kind = kind;
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return FlowStep.of(context, kind).matches();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
