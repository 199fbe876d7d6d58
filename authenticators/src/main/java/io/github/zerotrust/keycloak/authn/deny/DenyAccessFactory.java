package io.github.zerotrust.keycloak.authn.deny;

import java.util.List;
import org.keycloak.authentication.Authenticator;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.DenyRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class DenyAccessFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = StepKinds.DENY.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.DENY.displayName();
    }

    @Override
    public String getHelpText() {
        return "Refuses the sign-in with a page that says why and what to do, or an OAuth 'access_denied' error in the "
                + "direct grant. The event carries the rule, the reasons and a reference shown to the user.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(DenyRule.Settings.MESSAGE).label("Message")
                .type(ProviderConfigProperty.LIST_TYPE).options("auto", "country", "network", "risk", "generic").defaultValue(DenyRule.Settings.DEFAULT_TEXT.get(DenyRule.Settings.MESSAGE))
                .helpText("What the user is told. 'auto' picks the message for the rule that matched "
                        + "(country or network), 'generic' says only that the policy refused the sign-in.")
                .add()
                .property().name(DenyRule.Settings.CUSTOM_MESSAGE).label("Your own message")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Optional plain text shown under the message, e.g. who to call. At most "
                        + DenyRule.Settings.MAX_CUSTOM_MESSAGE + " characters.")
                .add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return DenyAccess.SINGLETON;
    }
}
