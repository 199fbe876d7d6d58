package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.RestrictionRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RestrictUnmanagedFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = StepKinds.RESTRICT_UNMANAGED.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.RESTRICT_UNMANAGED.displayName();
    }

    @Override
    public String getHelpText() {
        return "Lets a device below the required trust in with a restricted session: no offline access, and the listed "
                + "applications and scopes refused. Place it after 'Zero Trust - check device'.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RestrictionRule.Settings.MINIMUM).label("Full access from").type(ProviderConfigProperty.LIST_TYPE)
                .options("managed", "compliant").defaultValue(RestrictionRule.Settings.DEFAULT_TEXT.get(RestrictionRule.Settings.MINIMUM))
                .helpText("Devices below this trust get a restricted session.").add()
                .property().name(RestrictionRule.Settings.REFUSED_CLIENTS).label("Refused applications").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated client ids a restricted session may not sign in to.").add()
                .property().name(RestrictionRule.Settings.REFUSED_SCOPES).label("Refused scopes").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated client scopes a restricted session may not request; offline_access always is.").add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return RestrictUnmanaged.SINGLETON;
    }
}
