package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceThreatSignalTest {

    @ParameterizedTest(name = "minimum {0}, reported {1}: fires {2}")
    @CsvSource({
        "MEDIUM, CLEAR, false",
        "MEDIUM, LOW, false",
        "MEDIUM, MEDIUM, true",
        "MEDIUM, HIGH, true",
        "LOW, LOW, true",
        "HIGH, MEDIUM, false",
        "HIGH, HIGH, true",
    })
    void firesAtOrAboveTheMinimum(DeviceThreat minimum, DeviceThreat reported, boolean fires) {
        var signal = new DeviceThreatSignal(new DeviceThreatSignal.Settings(minimum));

        assertThat(signal.evaluate(signIn().threat(reported).facts()).isPresent()).isEqualTo(fires);
    }

    @Test
    void staysSilentUntilTheDeviceReportsSomething() {
        var signal = new DeviceThreatSignal(new DeviceThreatSignal.Settings(DeviceThreat.LOW));

        assertThat(signal.evaluate(signIn().facts())).isEmpty();
    }

    @Test
    void namesTheReportedThreat() {
        var signal = new DeviceThreatSignal(DeviceThreatSignal.Settings.DEFAULTS);

        assertThat(signal.evaluate(signIn().threat(DeviceThreat.HIGH).facts()).orElseThrow())
                .isEqualTo(new RiskReason("device-threat", "the device reports threat HIGH", 0));
    }

    @Test
    void clearCannotBeTheMinimum() {
        assertThatThrownBy(() -> new DeviceThreatSignal.Settings(DeviceThreat.CLEAR))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
