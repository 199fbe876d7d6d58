package io.github.zerotrust.keycloak.authn.risk;

import java.util.List;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import io.github.zerotrust.keycloak.authn.ZeroTrustConditionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RiskLevelConditionFactory extends ZeroTrustConditionFactory {

    public static final String ID = "zt-condition-risk-level";
    static final String DISPLAY_TYPE = "Condition - risk level (Zero Trust)";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return DISPLAY_TYPE;
    }

    @Override
    public String getHelpText() {
        return "Matches when the sign-in's risk (from 'Zero Trust - assess sign-in risk', earlier in the flow) is at or above "
                + "a level: high -> deny, medium -> MFA or passkey.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RiskLevelConditionConfig.LEVEL).label("At or above").type(ProviderConfigProperty.LIST_TYPE)
                .options("medium", "high").defaultValue("high").add()
                .property().name(RiskLevelConditionConfig.REPORT_ONLY).label("Report only").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(false).helpText("Record in the sign-in event what this condition would have matched, then do not match.").add()
                .build();
    }

    @Override
    public ConditionalAuthenticator getSingleton() {
        return RiskLevelCondition.SINGLETON;
    }
}
