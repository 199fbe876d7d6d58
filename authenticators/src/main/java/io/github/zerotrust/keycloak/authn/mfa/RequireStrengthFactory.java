package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.policy.StrengthRule;
import io.github.zerotrust.keycloak.authn.audience.AppliesToConditionFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RequireStrengthFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = StepKinds.REQUIRE_STRENGTH.providerId();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return StepKinds.REQUIRE_STRENGTH.displayName();
    }

    @Override
    public String getHelpText() {
        return "Raises the level a sign-in must reach (an ACR value of acr.loa.map, such as mfa or phr) for the listed "
                + "groups, roles, apps or risk, as if the app had asked for it; Keycloak's 'Condition - Level of "
                + "Authentication' sub-flows then run the stronger steps. Place it first in the flow (SSO sign-ins) and "
                + "again right after the username step (fresh sign-ins).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(StrengthRule.Settings.STRENGTH).label("Strength").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("An ACR value of acr.loa.map (the client's when it has one, else the realm's; for example mfa or phr), or a level number.").add();
        return AppliesToConditionFactory.appliesToProperties(builder)
                .property().name(StrengthRule.Settings.MINIMUM_RISK).label("Only at risk").type(ProviderConfigProperty.LIST_TYPE)
                .options("any", "medium", "high").defaultValue(StrengthRule.Settings.DEFAULT_TEXT.get(StrengthRule.Settings.MINIMUM_RISK))
                .helpText("Only when the sign-in's risk ('Zero Trust - assess sign-in risk', earlier) is at least this.").add()
                .property().name(StrengthRule.Settings.REPORT_ONLY).label("Report only").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(StrengthRule.Settings.DEFAULT_TEXT.get(StrengthRule.Settings.REPORT_ONLY)).helpText("Record in the sign-in event what this step would have required, then require nothing.").add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return RequireStrength.SINGLETON;
    }
}
