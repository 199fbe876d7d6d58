package io.github.zerotrust.keycloak.authn.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.signals.RefreshChecks;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class ContinuousAccessScreenTest {

    private final List<ProviderConfigProperty> screen = new ContinuousAccessFactory().getConfigProperties();

    @Test
    void theScreenListsEveryKeyTheExecutorReads() {
        assertThat(screen).extracting(ProviderConfigProperty::getName).containsExactly(RefreshChecks.LOCATION,
                RefreshChecks.DEVICE, RefreshChecks.RISK, RefreshChecks.STRICT_LOCATION, RefreshChecks.CONFIDENTIAL_CLIENTS);
    }

    @Test
    void theScreensDefaultsAreTheExecutorsDefaults() {
        Map<String, String> shown = screen.stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> String.valueOf(p.getDefaultValue())));

        RefreshChecks fromScreen = RefreshChecks.parse(shown);

        assertThat(fromScreen.problems()).isEmpty();
        assertThat(fromScreen).isEqualTo(RefreshChecks.defaults());
    }

    @Test
    void theConfidentialClientChoicesAreTheOnesTheExecutorReads() {
        ProviderConfigProperty choice = screen.get(4);
        for (String option : choice.getOptions()) {
            assertThat(RefreshChecks.parse(Map.of(RefreshChecks.CONFIDENTIAL_CLIENTS, option)).problems()).as(option).isEmpty();
        }
        assertThat(choice.getOptions()).hasSize(RefreshChecks.ConfidentialClients.values().length);
    }
}
