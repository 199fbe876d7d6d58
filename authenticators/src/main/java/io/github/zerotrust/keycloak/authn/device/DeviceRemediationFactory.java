package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

public final class DeviceRemediationFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = StepKinds.DEVICE_REMEDIATION.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.DEVICE_REMEDIATION.displayName();
    }

    @Override
    public String getHelpText() {
        return "Refuses the sign-in with a page that lists every check the device fails and how to fix each. "
                + "Place it after a device condition in a conditional sub-flow.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return DeviceRemediation.SINGLETON;
    }
}
