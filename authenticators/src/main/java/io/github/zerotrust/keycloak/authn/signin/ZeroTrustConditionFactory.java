package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.StepKind;
import org.keycloak.Config;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every zero-trust condition has in common: its id and name come from its kind in the registry, its
 * singleton asks that kind; REQUIRED or DISABLED, configurable. A factory adds its help and settings.
 */
public abstract class ZeroTrustConditionFactory implements ConditionalAuthenticatorFactory {

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

    private final StepKind<?> kind;
    private final RuleCondition condition;

    protected ZeroTrustConditionFactory(StepKind<?> kind) {
        this.kind = kind;
        this.condition = new RuleCondition(kind);
    }

    @Override
    public final String getId() {
        return kind.providerId();
    }

    @Override
    public final String getDisplayType() {
        return kind.displayName();
    }

    @Override
    public final ConditionalAuthenticator getSingleton() {
        return condition;
    }

    @Override
    public final boolean isConfigurable() {
        return true;
    }

    @Override
    public final AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public final boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public final void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public final void close() {
    }
}
