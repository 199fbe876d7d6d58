package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustConditionFactory;
import io.github.zerotrust.keycloak.policy.DeviceRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class DeviceManagedConditionFactory extends ZeroTrustConditionFactory {

    public static final String ID = StepKinds.DEVICE_MANAGED.providerId();

    public DeviceManagedConditionFactory() {
        super(StepKinds.DEVICE_MANAGED);
    }

    @Override
    public String getHelpText() {
        return "Looks at the verdict of 'Zero Trust - check device' (earlier in the flow): whether the device is managed (enrolled in device management, or approved by an admin) or compliant. "
                + "By default matches when it is not, so the steps after it (remediation page, restriction) act on such devices.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(DeviceRule.Settings.MATCH).label("Match when the device is").type(ProviderConfigProperty.LIST_TYPE)
                .options("unmanaged", "managed").defaultValue(DeviceRule.Settings.DEFAULT_TEXT_MANAGED.get(DeviceRule.Settings.MATCH)).add()
                .property().name(DeviceRule.Settings.REPORT_ONLY).label("Report only").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(DeviceRule.Settings.DEFAULT_TEXT_MANAGED.get(DeviceRule.Settings.REPORT_ONLY)).helpText("Record in the sign-in event what this condition would have matched, then do not match.").add()
                .build();
    }
}
