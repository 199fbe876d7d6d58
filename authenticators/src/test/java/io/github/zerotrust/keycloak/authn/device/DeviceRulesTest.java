package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.device.OsVersion;
import io.github.zerotrust.keycloak.device.Platform;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.device.PostureReport;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeviceRulesTest {

    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    static DeviceSignIn signIn(String status, DeviceTrust trust) {
        return new DeviceSignIn(status, trust.claimValue(), "registry", "dev-1",
                status.equals("COMPLIANT") ? List.of() : List.of(new DeviceSignIn.Item("disk-encryption",
                        "ztDeviceDiskEncryptionOff", List.of(), "Disk encryption is off")), null);
    }

    @Nested
    class Conditions {
        @Test
        void byDefaultMatchesTheDeviceThatFails() {
            DeviceCondition.Config config = DeviceCondition.Config.parse(Map.of());
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.COMPLIANT, config,
                    Optional.of(signIn("NON_COMPLIANT", DeviceTrust.MANAGED))).acts()).isTrue();
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.COMPLIANT, config,
                    Optional.of(signIn("COMPLIANT", DeviceTrust.COMPLIANT))).acts()).isFalse();
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.COMPLIANT, config,
                    Optional.of(signIn("IN_GRACE", DeviceTrust.COMPLIANT))).acts()).as("grace lets in").isFalse();
        }

        @Test
        void managedAdmitsManagedAndCompliantDevices() {
            DeviceCondition.Config config = DeviceCondition.Config.parse(Map.of());
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.MANAGED, config,
                    Optional.of(signIn("NON_COMPLIANT", DeviceTrust.MANAGED))).acts()).isFalse();
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.MANAGED, config,
                    Optional.of(signIn("NON_COMPLIANT", DeviceTrust.UNMANAGED))).acts()).isTrue();
        }

        @Test
        void withoutADeviceStepTheFailingSideMatches() {
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.COMPLIANT, DeviceCondition.Config.parse(Map.of()),
                    Optional.empty()).acts()).isTrue();
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.COMPLIANT,
                    DeviceCondition.Config.parse(Map.of("match", "compliant")), Optional.empty()).acts()).isFalse();
        }

        @Test
        void reportOnlyNeverActs() {
            assertThat(DeviceCondition.verdict(DeviceCondition.Kind.COMPLIANT,
                    DeviceCondition.Config.parse(Map.of("report_only", "true")),
                    Optional.of(signIn("NON_COMPLIANT", DeviceTrust.UNMANAGED))).acts()).isFalse();
        }
    }

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
    void offlineAccessIsAlwaysRefusedToRestrictedSessions() {
        RestrictUnmanaged.Config config = RestrictUnmanaged.Config.parse(Map.of("refused_scopes", "payroll", "refused_clients", "hr-app"));
        assertThat(config.refusedScopes()).containsExactlyInAnyOrder("payroll", "offline_access");
        assertThat(config.refusedClients()).containsExactly("hr-app");
        assertThat(config.minimum()).isEqualTo(DeviceTrust.MANAGED);
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
