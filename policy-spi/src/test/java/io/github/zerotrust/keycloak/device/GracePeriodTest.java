package io.github.zerotrust.keycloak.device;

import static io.github.zerotrust.keycloak.device.Postures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GracePeriodTest {

    private static final ComplianceBaseline TWO_DAYS = ComplianceBaseline.parse(Map.of(
            ComplianceBaseline.GRACE_HOURS, "48", ComplianceBaseline.MIN_OS_MACOS, "14.0"));
    private static final Posture ENCRYPTION_OFF = Postures.compliantMac().diskEncrypted(false).build();

    private static ComplianceVerdict evaluate(Posture posture, ComplianceBaseline baseline, Instant since) {
        return Compliance.evaluate(posture, baseline, NOW, Optional.ofNullable(since));
    }

    @Test
    void aDeviceThatJustFellOutStartsItsGraceNow() {
        ComplianceVerdict verdict = evaluate(ENCRYPTION_OFF, TWO_DAYS, null);
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.IN_GRACE);
        assertThat(verdict.allowsAccess()).isTrue();
        assertThat(verdict.failureIds()).containsExactly("disk-encryption");
        assertThat(verdict.nonCompliantSince()).contains(NOW);
        assertThat(verdict.graceEnds()).contains(NOW.plus(Duration.ofHours(48)));
    }

    @Test
    void justInsideTheGracePeriodTheDeviceIsStillLetIn() {
        Instant since = NOW.minus(Duration.ofHours(48)).plusNanos(1);
        ComplianceVerdict verdict = evaluate(ENCRYPTION_OFF, TWO_DAYS, since);
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.IN_GRACE);
        assertThat(verdict.nonCompliantSince()).contains(since);
        assertThat(verdict.graceEnds()).contains(NOW.plusNanos(1));
    }

    @Test
    void whenTheGracePeriodEndsTheDeviceIsNonCompliant() {
        Instant since = NOW.minus(Duration.ofHours(48));
        ComplianceVerdict verdict = evaluate(ENCRYPTION_OFF, TWO_DAYS, since);
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.NON_COMPLIANT);
        assertThat(verdict.allowsAccess()).isFalse();
        assertThat(verdict.nonCompliantSince()).contains(since);
        assertThat(verdict.graceEnds()).isEmpty();
        assertThat(verdict.failureIds()).containsExactly("disk-encryption");
    }

    @Test
    void everyFixableSettingMayBeInGraceTogether() {
        Posture drifted = Postures.compliantMac().osVersion(OsVersion.of("13.6")).diskEncrypted(false).firewallOn(false)
                .antivirusRunning(false).antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofDays(9))).screenLock(false)
                .build();
        ComplianceVerdict verdict = evaluate(drifted, TWO_DAYS, NOW.minus(Duration.ofHours(1)));
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.IN_GRACE);
        assertThat(verdict.failureIds()).containsExactly("os-version", "disk-encryption", "firewall", "antivirus",
                "antivirus-signatures", "screen-lock");
    }

    @Test
    void compromiseMissingFactsAndStalenessGetNoGrace() {
        List<Posture> never = List.of(
                Postures.compliantIphone().jailbroken(true).build(),
                Postures.compliantMac().threat(DeviceThreat.HIGH).build(),
                Postures.compliantMac().diskEncrypted(null).build(),
                Postures.compliantMac().osVersion(null).build(),
                Postures.compliantMac().reportedAt(NOW.minus(Duration.ofDays(3))).build(),
                Postures.compliantMac().reportedAt(NOW.plus(Duration.ofHours(1))).build(),
                Postures.compliantIphone().mdmCompliance(MdmCompliance.NONCOMPLIANT).build(),
                Postures.compliantMac().platform(null).build(),
                Postures.compliantMac().platform(Platform.LINUX).build());
        ComplianceBaseline macOnly = TWO_DAYS.overriddenBy(Map.of(ComplianceBaseline.ALLOWED_PLATFORMS, "macos, ios"));
        for (Posture posture : never) {
            ComplianceVerdict verdict = evaluate(posture, macOnly, NOW.minus(Duration.ofMinutes(1)));
            assertThat(verdict.status()).as(verdict.failures().toString()).isEqualTo(ComplianceVerdict.Status.NON_COMPLIANT);
        }
    }

    @Test
    void oneFailureWithoutGraceTakesTheOthersOutOfGraceToo() {
        Posture posture = Postures.compliantMac().diskEncrypted(false).threat(DeviceThreat.MEDIUM).build();
        ComplianceVerdict verdict = evaluate(posture, TWO_DAYS, NOW);
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.NON_COMPLIANT);
        assertThat(verdict.failureIds()).containsExactly("disk-encryption", "threat");
    }

    @Test
    void withoutAGracePeriodFallingOutIsImmediate() {
        ComplianceVerdict verdict = evaluate(ENCRYPTION_OFF, ComplianceBaseline.defaults(), null);
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.NON_COMPLIANT);
        assertThat(verdict.nonCompliantSince()).contains(NOW);
    }

    @Test
    void aStartInTheFutureCountsAsNow() {
        ComplianceVerdict verdict = evaluate(ENCRYPTION_OFF, TWO_DAYS, NOW.plus(Duration.ofDays(30)));
        assertThat(verdict.nonCompliantSince()).contains(NOW);
        assertThat(verdict.graceEnds()).contains(NOW.plus(Duration.ofHours(48)));
    }

    @Test
    void aCompliantDeviceClearsTheStart() {
        ComplianceVerdict verdict = evaluate(Postures.compliantMac().build(), TWO_DAYS, NOW.minus(Duration.ofHours(5)));
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.COMPLIANT);
        assertThat(verdict.nonCompliantSince()).isEmpty();
    }

    @Test
    void theVerdictRefusesInconsistentStates() {
        Failure failure = evaluate(ENCRYPTION_OFF, TWO_DAYS, null).failures().get(0);
        assertThatIllegalArgumentException().isThrownBy(() -> new ComplianceVerdict(ComplianceVerdict.Status.COMPLIANT,
                List.of(failure), Optional.empty(), Optional.empty()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ComplianceVerdict(ComplianceVerdict.Status.IN_GRACE,
                List.of(failure), Optional.of(NOW), Optional.empty()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ComplianceVerdict(ComplianceVerdict.Status.NON_COMPLIANT,
                List.of(failure), Optional.empty(), Optional.empty()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ComplianceVerdict(ComplianceVerdict.Status.NON_COMPLIANT,
                List.of(), Optional.of(NOW), Optional.empty()));
    }
}
