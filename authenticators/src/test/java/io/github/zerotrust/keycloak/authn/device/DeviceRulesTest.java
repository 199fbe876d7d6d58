package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.OsVersion;
import io.github.zerotrust.keycloak.device.Platform;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.device.PostureReport;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {

    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");



    @Test
    void theStepAsksTokenThenRegistryByDefaultAndOverridesTheRealmBaseline() {
        DeviceCheckConfig config = DeviceCheckConfig.parse(Map.of("zt.device.min-os.macos", "15.0"));
        assertThat(config.sources()).containsExactly("signed-token", "registry");
        assertThat(config.baseline(Map.of("zt.device.min-os.macos", "14.0")).minimumOsVersion(Platform.MACOS))
                .contains(OsVersion.of("15.0"));
        assertThat(DeviceCheckConfig.parse(Map.of("sources", "mdm-http, registry ,mdm-http")).sources())
                .containsExactly("mdm-http", "registry");
    }


    @Test
    void aStoredPostureReadsBackAsReported() throws PostureException {
        Posture reported = PostureReport.parse("{\"device_id\": \"dev-1\", \"platform\": \"macOS\", \"os_version\": \"14.2.1 (23C71)\","
                + " \"disk_encrypted\": true, \"threat\": \"low\", \"mdm_compliance\": \"inGracePeriod\","
                + " \"av_signatures_at\": \"2026-06-09T06:00:00Z\", \"reported_at\": \"2026-06-10T09:55:00Z\"}", NOW);
        Posture stored = StoredPosture.read(StoredPosture.write(reported), NOW.toEpochMilli()).orElseThrow();
        assertThat(stored).isEqualTo(reported);
        assertThat(stored.threat()).contains(DeviceThreat.LOW);
        assertThat(StoredPosture.read("{\"unknown\": 1}", NOW.toEpochMilli())).isEmpty();
    }
}
