package io.github.zerotrust.keycloak.authn.risk;

import java.util.List;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustConditionFactory;
import io.github.zerotrust.keycloak.policy.RiskLevelRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RiskLevelConditionFactory extends ZeroTrustConditionFactory {

    public static final String ID = StepKinds.RISK_LEVEL.providerId();

    public RiskLevelConditionFactory() {
        super(StepKinds.RISK_LEVEL);
    }

    @Override
    public String getHelpText() {
        return "Matches when the sign-in's risk (from 'Zero Trust - assess sign-in risk', earlier in the flow) is at or above "
                + "a level: high -> deny, medium -> MFA or passkey.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RiskLevelRule.Settings.LEVEL).label("At or above").type(ProviderConfigProperty.LIST_TYPE)
                .options("medium", "high").defaultValue(RiskLevelRule.Settings.DEFAULT_TEXT.get(RiskLevelRule.Settings.LEVEL)).add()
                .property().name(RiskLevelRule.Settings.REPORT_ONLY).label("Report only").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(RiskLevelRule.Settings.DEFAULT_TEXT.get(RiskLevelRule.Settings.REPORT_ONLY)).helpText("Record in the sign-in event what this condition would have matched, then do not match.").add()
                .build();
    }
}
