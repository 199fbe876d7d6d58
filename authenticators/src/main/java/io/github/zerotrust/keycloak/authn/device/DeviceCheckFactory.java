package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class DeviceCheckFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = "zt-device-posture";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Zero Trust - check device";
    }

    @Override
    public String getHelpText() {
        return "Finds the device of the sign-in (posture token, device registry, MDM), judges it against the realm's "
                + "device baseline (zt.device.* realm attributes, overridable here) and keeps the verdict for the device "
                + "conditions that follow. Never blocks by itself; an unknown device is not compliant.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        ProviderConfigurationBuilder builder = ProviderConfigurationBuilder.create()
                .property().name(DeviceCheckConfig.SOURCES).label("Posture sources").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DeviceCheckConfig.DEFAULT_SOURCES)
                .helpText("Comma-separated, asked in order until one knows the device: signed-token, registry, mdm-http.").add();
        for (String key : ComplianceBaseline.KEYS) {
            builder.property().name(key).label(key.substring(ComplianceBaseline.PREFIX.length()))
                    .type(ProviderConfigProperty.STRING_TYPE)
                    .helpText("Overrides the realm attribute " + key + " for this step; empty keeps the realm's.").add();
        }
        return builder.build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return DeviceCheck.SINGLETON;
    }
}
