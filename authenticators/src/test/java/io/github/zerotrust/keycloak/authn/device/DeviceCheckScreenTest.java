package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** The device step's screen: its sources default is the step's, and a baseline key left empty keeps the realm's. */
class DeviceCheckScreenTest {

    @Test
    void theDeviceStepSavedWithItsScreenDefaultsReadsAsAStepNeverConfigured() {
        Map<String, String> screen = new DeviceCheckFactory().getConfigProperties().stream()
                .filter(p -> p.getDefaultValue() != null)
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> String.valueOf(p.getDefaultValue())));

        assertThat(DeviceCheckConfig.parse(screen)).isEqualTo(DeviceCheckConfig.parse(Map.of()));
        assertThat(screen).doesNotContainKeys(ComplianceBaseline.KEYS.toArray(String[]::new));
    }

    @Test
    void everyBaselineKeyCanBeOverriddenOnTheScreen() {
        assertThat(new DeviceCheckFactory().getConfigProperties().stream().map(ProviderConfigProperty::getName))
                .contains(DeviceCheckConfig.SOURCES).containsAll(ComplianceBaseline.KEYS);
    }

    @Test
    void theRefreshCapScreenShowsTheCapsDefault() {
        ProviderConfigProperty cap = new RestrictedSessionRefreshFactory().getConfigProperties().get(0);
        assertThat(RefreshCap.of(Map.<String, Object>of(RefreshCap.MAX_REFRESH_MINUTES, String.valueOf(cap.getDefaultValue()))))
                .isEqualTo(RefreshCap.of(Map.of()));
    }
}
