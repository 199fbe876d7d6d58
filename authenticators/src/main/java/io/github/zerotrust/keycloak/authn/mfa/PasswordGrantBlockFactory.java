package io.github.zerotrust.keycloak.authn.mfa;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.PasswordGrantRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class PasswordGrantBlockFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = StepKinds.BLOCK_PASSWORD_GRANT.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.BLOCK_PASSWORD_GRANT.displayName();
    }

    @Override
    public String getHelpText() {
        return "Legacy authentication off: refuses the OAuth password grant (direct access grant), which cannot do MFA, "
                + "with an 'unauthorized_client' error, except for the listed clients. Put it first in the direct grant flow "
                + "(realm-wide), or in a flow bound to chosen clients (Client > Advanced > Authentication flow overrides).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(PasswordGrantRule.Settings.ALLOWED_CLIENTS).label("Clients still allowed").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Client ids that may still use the password grant (e.g. a legacy scanner you are migrating).").add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return PasswordGrantBlock.SINGLETON;
    }
}
