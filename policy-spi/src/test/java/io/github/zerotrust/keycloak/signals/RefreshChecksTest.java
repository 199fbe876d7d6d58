package io.github.zerotrust.keycloak.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.signals.RefreshChecks.ConfidentialClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshChecksTest {

    @Test
    void byDefaultEveryFactIsCheckedAgainButNotStrictLocationAndAConfidentialClientKeepsTheSignInsAddress() {
        RefreshChecks checks = RefreshChecks.parse(Map.of());

        assertThat(checks).isEqualTo(RefreshChecks.defaults());
        assertThat(checks.location()).isTrue();
        assertThat(checks.device()).isTrue();
        assertThat(checks.risk()).isTrue();
        assertThat(checks.strictLocation()).isFalse();
        assertThat(checks.confidentialClients()).isEqualTo(ConfidentialClients.SIGN_IN_ADDRESS);
        assertThat(checks.problems()).isEmpty();
    }

    @Test
    void readsEveryKey() {
        RefreshChecks checks = RefreshChecks.parse(Map.of(RefreshChecks.LOCATION, "false", RefreshChecks.DEVICE, "off",
                RefreshChecks.RISK, "no", RefreshChecks.STRICT_LOCATION, "true",
                RefreshChecks.CONFIDENTIAL_CLIENTS, "request-address"));

        assertThat(checks).isEqualTo(new RefreshChecks(false, false, false, true, ConfidentialClients.REQUEST_ADDRESS,
                java.util.List.of()));
    }

    @Test
    void anUnreadableValueFallsBackToItsDefaultAndIsReported() {
        RefreshChecks checks = RefreshChecks.parse(Map.of(RefreshChecks.LOCATION, "maybe",
                RefreshChecks.CONFIDENTIAL_CLIENTS, "the-users"));

        assertThat(checks.location()).isTrue();
        assertThat(checks.confidentialClients()).isEqualTo(ConfidentialClients.SIGN_IN_ADDRESS);
        assertThat(checks.problems()).hasSize(2);
    }

    @Test
    void aPublicClientsRequestAddressCountsAConfidentialOnesOnlyWhenTheAdminSaysSo() {
        RefreshChecks defaults = RefreshChecks.defaults();
        RefreshChecks request = RefreshChecks.parse(Map.of(RefreshChecks.CONFIDENTIAL_CLIENTS, "request-address"));
        RefreshChecks noLocation = RefreshChecks.parse(Map.of(RefreshChecks.LOCATION, "false"));

        assertThat(defaults.requestAddressCounts(true)).isTrue();
        assertThat(defaults.requestAddressCounts(false)).isFalse();
        assertThat(request.requestAddressCounts(false)).isTrue();
        assertThat(noLocation.requestAddressCounts(true)).isFalse();
    }

    @Test
    void nullConfigurationIsTheDefaults() {
        assertThat(RefreshChecks.parse(null)).isEqualTo(RefreshChecks.defaults());
    }
}
