package io.github.zerotrust.keycloak.device;

import static io.github.zerotrust.keycloak.device.Postures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceTrustTest {

    private static final ComplianceBaseline GRACE = ComplianceBaseline.parse(Map.of(ComplianceBaseline.GRACE_HOURS, "24"));

    private static DeviceTrust trust(Posture posture, boolean evaluated) {
        Optional<ComplianceVerdict> verdict = evaluated
                ? Optional.of(Compliance.evaluate(posture, GRACE, NOW, Optional.empty())) : Optional.empty();
        return DeviceTrust.of(Optional.of(posture), verdict);
    }

    @Test
    void claimNameAndValuesAreStable() {
        assertThat(DeviceTrust.CLAIM).isEqualTo("device_trust");
        assertThat(DeviceTrust.COMPLIANT.claimValue()).isEqualTo("compliant");
        assertThat(DeviceTrust.MANAGED.claimValue()).isEqualTo("managed");
        assertThat(DeviceTrust.UNMANAGED.claimValue()).isEqualTo("unmanaged");
    }

    @Test
    void anUnknownDeviceIsUnmanaged() {
        assertThat(DeviceTrust.of(Optional.empty(), Optional.empty())).isEqualTo(DeviceTrust.UNMANAGED);
    }

    @Test
    void aCompliantDeviceIsCompliantManagedOrNot() {
        assertThat(trust(Postures.compliantMac().build(), true)).isEqualTo(DeviceTrust.COMPLIANT);
        assertThat(trust(Postures.compliantMac().managed(false).build(), true)).isEqualTo(DeviceTrust.COMPLIANT);
    }

    @Test
    void aDeviceInGraceStillCountsAsCompliant() {
        assertThat(trust(Postures.compliantMac().screenLock(false).build(), true)).isEqualTo(DeviceTrust.COMPLIANT);
    }

    @Test
    void aNonCompliantManagedDeviceIsManaged() {
        Posture stale = Postures.compliantMac().reportedAt(NOW.minus(Duration.ofDays(2))).build();
        assertThat(trust(stale, true)).isEqualTo(DeviceTrust.MANAGED);
    }

    @Test
    void aNonCompliantDeviceNotKnownToBeManagedIsUnmanaged() {
        Posture stale = Postures.compliantMac().reportedAt(NOW.minus(Duration.ofDays(2))).build();
        assertThat(trust(stale.toBuilder().managed(false).build(), true)).isEqualTo(DeviceTrust.UNMANAGED);
        assertThat(trust(stale.toBuilder().managed(null).build(), true)).isEqualTo(DeviceTrust.UNMANAGED);
    }

    @Test
    void withoutAVerdictOnlyManagementCounts() {
        assertThat(trust(Postures.compliantMac().build(), false)).isEqualTo(DeviceTrust.MANAGED);
        assertThat(trust(Postures.compliantMac().managed(false).build(), false)).isEqualTo(DeviceTrust.UNMANAGED);
    }

    @ParameterizedTest
    @CsvSource({"COMPLIANT, COMPLIANT, true", "COMPLIANT, MANAGED, true", "COMPLIANT, UNMANAGED, true",
        "MANAGED, COMPLIANT, false", "MANAGED, MANAGED, true", "MANAGED, UNMANAGED, true",
        "UNMANAGED, MANAGED, false", "UNMANAGED, UNMANAGED, true"})
    void trustIsOrdered(DeviceTrust trust, DeviceTrust other, boolean atLeast) {
        assertThat(trust.atLeast(other)).isEqualTo(atLeast);
    }

    @Test
    void parsesClaimValues() {
        assertThat(DeviceTrust.parse(" Managed ")).contains(DeviceTrust.MANAGED);
        assertThat(DeviceTrust.parse("trusted")).isEmpty();
        assertThat(DeviceTrust.parse(null)).isEmpty();
    }
}
