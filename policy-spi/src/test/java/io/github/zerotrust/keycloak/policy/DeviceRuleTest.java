package io.github.zerotrust.keycloak.policy;

import static io.github.zerotrust.keycloak.policy.Facts.device;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.policy.DeviceFinding.Status;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceRuleTest {

    static Decision compliant(Map<String, String> config, Optional<DeviceFinding> found) {
        return StepKinds.DEVICE_COMPLIANT.decide(Facts.anywhere().withDevice(found), "c" + config.hashCode(), config);
    }

    static Decision managed(Map<String, String> config, Optional<DeviceFinding> found) {
        return StepKinds.DEVICE_MANAGED.decide(Facts.anywhere().withDevice(found), "m" + config.hashCode(), config);
    }

    @Test
    void byDefaultMatchesTheDeviceThatFails() {
        assertThat(compliant(Map.of(), Optional.of(device(Status.NON_COMPLIANT, DeviceTrust.MANAGED))).acts()).isTrue();
        assertThat(compliant(Map.of(), Optional.of(device(Status.COMPLIANT, DeviceTrust.COMPLIANT))).acts()).isFalse();
        assertThat(compliant(Map.of(), Optional.of(device(Status.IN_GRACE, DeviceTrust.COMPLIANT))).acts()).as("grace lets in").isFalse();
        assertThat(compliant(Map.of(), Optional.of(device(Status.FAILED_OPEN, DeviceTrust.UNMANAGED))).acts()).as("fail-open lets in").isFalse();
    }

    @Test
    void managedAdmitsManagedAndCompliantDevices() {
        assertThat(managed(Map.of(), Optional.of(device(Status.NON_COMPLIANT, DeviceTrust.MANAGED))).acts()).isFalse();
        assertThat(managed(Map.of(), Optional.of(device(Status.NON_COMPLIANT, DeviceTrust.UNMANAGED))).acts()).isTrue();
    }

    @Test
    void explainsWhichChecksFail() {
        assertThat(compliant(Map.of(), Optional.of(device(Status.NON_COMPLIANT, DeviceTrust.UNMANAGED))).verdict().detail())
                .isEqualTo("device unmanaged (disk-encryption)");
        assertThat(compliant(Map.of(), Optional.of(DeviceFinding.unknown(Optional.empty()))).verdict().detail())
                .isEqualTo("device unmanaged (unknown-device)");
    }

    @Test
    void withoutADeviceStepTheFailingSideMatches() {
        assertThat(compliant(Map.of(), Optional.empty()).acts()).isTrue();
        assertThat(compliant(Map.of(), Optional.empty()).state()).isEqualTo(Decision.State.MISCONFIGURED);
        assertThat(compliant(Map.of("match", "compliant"), Optional.empty()).acts()).isFalse();
    }

    @Test
    void reportOnlyNeverActs() {
        assertThat(compliant(Map.of("report_only", "true"), Optional.of(device(Status.NON_COMPLIANT, DeviceTrust.UNMANAGED))).acts()).isFalse();
    }
}
