package io.github.zerotrust.keycloak.device;

import static io.github.zerotrust.keycloak.device.Postures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ComplianceTest {

    private static final ComplianceBaseline DEFAULTS = ComplianceBaseline.defaults();

    private static ComplianceVerdict evaluate(Posture.Builder posture) {
        return evaluate(posture, DEFAULTS);
    }

    private static ComplianceVerdict evaluate(Posture.Builder posture, ComplianceBaseline baseline) {
        return Compliance.evaluate(posture.build(), baseline, NOW, Optional.empty());
    }

    private static ComplianceBaseline baseline(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        ComplianceBaseline.Parsed parsed = ComplianceBaseline.read(config);
        assertThat(parsed.problems()).isEmpty();
        return parsed.baseline();
    }

    private static Failure onlyFailure(ComplianceVerdict verdict) {
        assertThat(verdict.failures()).hasSize(1);
        return verdict.failures().get(0);
    }

    @Test
    void aHealthyDeviceIsCompliant() {
        for (Posture.Builder posture : List.of(Postures.compliantMac(), Postures.compliantWindows(),
                Postures.compliantIphone())) {
            ComplianceVerdict verdict = evaluate(posture);
            assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.COMPLIANT);
            assertThat(verdict.failures()).isEmpty();
            assertThat(verdict.allowsAccess()).isTrue();
            assertThat(verdict.nonCompliantSince()).isEmpty();
            assertThat(verdict.graceEnds()).isEmpty();
        }
    }

    @Test
    void aPostureWithNothingKnownFailsEveryCheckAsNotReported() {
        ComplianceVerdict verdict = evaluate(Posture.from("registry"), baseline(ComplianceBaseline.MIN_OS_MACOS, "14",
                ComplianceBaseline.REQUIRE_MDM_COMPLIANCE, "true"));
        assertThat(verdict.status()).isEqualTo(ComplianceVerdict.Status.NON_COMPLIANT);
        // Without a platform nothing is skipped, except the OS minimum, which needs the platform to choose.
        assertThat(verdict.failureIds()).containsExactly("platform", "disk-encryption", "firewall", "antivirus",
                "antivirus-signatures", "screen-lock", "jailbroken", "threat", "mdm-compliance", "posture-age");
        assertThat(verdict.failures()).allMatch(Failure::notReported);
        assertThat(verdict.failures()).extracting(Failure::messageKey).containsExactly("ztDevicePlatformNotReported",
                "ztDeviceDiskEncryptionNotReported", "ztDeviceFirewallNotReported", "ztDeviceAntivirusNotReported",
                "ztDeviceAntivirusSignaturesNotReported", "ztDeviceScreenLockNotReported", "ztDeviceJailbreakNotReported",
                "ztDeviceThreatNotReported", "ztDeviceMdmComplianceNotReported", "ztDevicePostureNotReported");
        assertThat(verdict.failures().get(1).text()).isEqualTo("Disk encryption was not reported");
    }

    @Test
    void everyFailureIsListedTogetherInCheckOrder() {
        ComplianceVerdict verdict = evaluate(Postures.compliantMac().osVersion(OsVersion.of("13.1")).diskEncrypted(false)
                        .firewallOn(false).antivirusRunning(false).antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofDays(30)))
                        .screenLock(false).threat(DeviceThreat.HIGH).mdmCompliance(MdmCompliance.NONCOMPLIANT)
                        .reportedAt(NOW.minus(Duration.ofDays(2))),
                baseline(ComplianceBaseline.MIN_OS_MACOS, "14.0"));
        assertThat(verdict.failureIds()).containsExactly("os-version", "disk-encryption", "firewall", "antivirus",
                "antivirus-signatures", "screen-lock", "threat", "mdm-compliance", "posture-age");
        assertThat(verdict.failures()).extracting(Failure::text).containsExactly(
                "macOS 13.1 is below the required 14.0",
                "Disk encryption is off",
                "The firewall is off",
                "Antivirus is not running",
                "Antivirus signatures are 30 days old (at most 7 allowed)",
                "Screen lock is off",
                "The device reports a high threat (at most low allowed)",
                "The device management service reports the device as noncompliant",
                "The device posture is 48 hours old (at most 24 allowed)");
        assertThat(verdict.failures().get(0)).hasToString("os-version: macOS 13.1 is below the required 14.0");
    }

    @Nested
    class Platforms {

        @Test
        void refusesAPlatformThatIsNotAllowed() {
            Failure failure = onlyFailure(evaluate(Postures.compliantMac().platform(Platform.LINUX),
                    baseline(ComplianceBaseline.ALLOWED_PLATFORMS, "windows, macos")));
            assertThat(failure.check()).isEqualTo(Check.PLATFORM);
            assertThat(failure.messageKey()).isEqualTo("ztDevicePlatformNotAllowed");
            assertThat(failure.arguments()).containsExactly("Linux");
            assertThat(failure.text()).isEqualTo("Linux devices are not allowed");
        }

        @Test
        void allowsAListedPlatform() {
            assertThat(evaluate(Postures.compliantMac(), baseline(ComplianceBaseline.ALLOWED_PLATFORMS, "macos"))
                    .failures()).isEmpty();
        }

        @Test
        void anUnreadableAllowListRefusesEveryPlatform() {
            ComplianceBaseline nothingAllowed = ComplianceBaseline.parse(Map.of(ComplianceBaseline.ALLOWED_PLATFORMS, "BeOS"));
            assertThat(evaluate(Postures.compliantMac(), nothingAllowed).failureIds()).containsExactly("platform");
        }
    }

    @Nested
    class OsVersions {

        private final ComplianceBaseline minimums = baseline(ComplianceBaseline.MIN_OS_MACOS, "14.0",
                ComplianceBaseline.MIN_OS_WINDOWS, "10.0.22631");

        @Test
        void refusesAVersionBelowThePlatformsMinimum() {
            Failure failure = onlyFailure(evaluate(Postures.compliantMac().osVersion(OsVersion.of("13.1")), minimums));
            assertThat(failure.check()).isEqualTo(Check.OS_VERSION);
            assertThat(failure.messageKey()).isEqualTo("ztDeviceOsVersionTooOld");
            assertThat(failure.arguments()).containsExactly("macOS", "13.1", "14.0");
            assertThat(failure.text()).isEqualTo("macOS 13.1 is below the required 14.0");
            assertThat(failure.graceable()).isTrue();
        }

        @ParameterizedTest
        @CsvSource({"10.0.19045, false", "10.0.22621.3007, false", "10.0.22631, true", "10.0.22631.2861, true",
            "10.0.26100, true"})
        void comparesWindowsBuildsNumerically(String version, boolean compliant) {
            ComplianceVerdict verdict = evaluate(Postures.compliantWindows().osVersion(OsVersion.of(version)), minimums);
            assertThat(verdict.failures().isEmpty()).isEqualTo(compliant);
        }

        @Test
        void theMinimumItselfPasses() {
            assertThat(evaluate(Postures.compliantMac().osVersion(OsVersion.of("14")), minimums).failures()).isEmpty();
        }

        @Test
        void anUnreportedVersionFailsWhenThePlatformHasAMinimum() {
            Failure failure = onlyFailure(evaluate(Postures.compliantMac().osVersion(null), minimums));
            assertThat(failure.notReported()).isTrue();
            assertThat(failure.messageKey()).isEqualTo("ztDeviceOsVersionNotReported");
            assertThat(failure.arguments()).containsExactly("macOS");
            assertThat(failure.text()).isEqualTo("The OS version was not reported");
            assertThat(failure.graceable()).isFalse();
        }

        @Test
        void aPlatformWithoutMinimumAcceptsAnyOrNoVersion() {
            assertThat(evaluate(Postures.compliantIphone().osVersion(OsVersion.of("9")), minimums).failures()).isEmpty();
            assertThat(evaluate(Postures.compliantIphone().osVersion(null), minimums).failures()).isEmpty();
        }
    }

    @Nested
    class Protections {

        @ParameterizedTest
        @CsvSource({"DISK_ENCRYPTION, ztDeviceDiskEncryptionOff, Disk encryption is off",
            "FIREWALL, ztDeviceFirewallOff, The firewall is off",
            "ANTIVIRUS, ztDeviceAntivirusOff, Antivirus is not running",
            "SCREEN_LOCK, ztDeviceScreenLockOff, Screen lock is off"})
        void refusesAProtectionThatIsOff(Check check, String key, String text) {
            Failure failure = onlyFailure(evaluate(set(Postures.compliantWindows(), check, false)));
            assertThat(failure.check()).isEqualTo(check);
            assertThat(failure.messageKey()).isEqualTo(key);
            assertThat(failure.arguments()).isEmpty();
            assertThat(failure.text()).isEqualTo(text);
            assertThat(failure.notReported()).isFalse();
            assertThat(failure.graceable()).isTrue();
        }

        @ParameterizedTest
        @EnumSource(value = Check.class, names = {"DISK_ENCRYPTION", "FIREWALL", "ANTIVIRUS", "SCREEN_LOCK"})
        void refusesAProtectionThatWasNotReported(Check check) {
            Failure failure = onlyFailure(evaluate(set(Postures.compliantWindows(), check, null)));
            assertThat(failure.check()).isEqualTo(check);
            assertThat(failure.notReported()).isTrue();
            assertThat(failure.messageKey()).isEqualTo(check.notReportedKey());
            assertThat(failure.text()).endsWith(" was not reported");
        }

        @ParameterizedTest
        @CsvSource({"DISK_ENCRYPTION, zt.device.require-disk-encryption", "FIREWALL, zt.device.require-firewall",
            "ANTIVIRUS, zt.device.require-antivirus", "SCREEN_LOCK, zt.device.require-screen-lock"})
        void aProtectionNotRequiredIsNotChecked(Check check, String key) {
            ComplianceBaseline relaxed = baseline(key, "false");
            assertThat(evaluate(set(Postures.compliantWindows(), check, false), relaxed).failures()).isEmpty();
            assertThat(evaluate(set(Postures.compliantWindows(), check, null), relaxed).failures()).isEmpty();
        }

        @Test
        void phonesAreNotAskedForFirewallOrAntivirus() {
            assertThat(evaluate(Postures.compliantIphone().firewallOn(false).antivirusRunning(false)).failures()).isEmpty();
            assertThat(evaluate(Postures.compliantIphone().platform(Platform.ANDROID)).failures()).isEmpty();
        }

        @Test
        void phonesStillNeedEncryptionAndScreenLock() {
            assertThat(evaluate(Postures.compliantIphone().diskEncrypted(false).screenLock(null)).failureIds())
                    .containsExactly("disk-encryption", "screen-lock");
        }

        private Posture.Builder set(Posture.Builder posture, Check check, Boolean value) {
            return switch (check) {
                case DISK_ENCRYPTION -> posture.diskEncrypted(value);
                case FIREWALL -> posture.firewallOn(value);
                case ANTIVIRUS -> posture.antivirusRunning(value);
                case SCREEN_LOCK -> posture.screenLock(value);
                default -> throw new IllegalArgumentException(check.toString());
            };
        }
    }

    @Nested
    class AntivirusSignatures {

        @Test
        void signaturesExactlyAtTheMaximumAgePass() {
            assertThat(evaluate(Postures.compliantWindows().antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofDays(7))))
                    .failures()).isEmpty();
        }

        @Test
        void signaturesJustOverTheMaximumFailAndReadAsADayMore() {
            Failure failure = onlyFailure(evaluate(Postures.compliantWindows()
                    .antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofDays(7)).minusSeconds(1))));
            assertThat(failure.check()).isEqualTo(Check.ANTIVIRUS_SIGNATURES);
            assertThat(failure.messageKey()).isEqualTo("ztDeviceAntivirusSignaturesOutdated");
            assertThat(failure.arguments()).containsExactly("8", "7");
            assertThat(failure.text()).isEqualTo("Antivirus signatures are 8 days old (at most 7 allowed)");
            assertThat(failure.graceable()).isTrue();
        }

        @Test
        void unknownSignatureDateFails() {
            assertThat(onlyFailure(evaluate(Postures.compliantWindows().antivirusSignaturesUpdatedAt(null))).notReported())
                    .isTrue();
        }

        @Test
        void signaturesDatedAheadAreFresh() {
            assertThat(evaluate(Postures.compliantWindows().antivirusSignaturesUpdatedAt(NOW.plusSeconds(30))).failures())
                    .isEmpty();
        }

        @Test
        void ageZeroOrNoAntivirusRequirementSkipsTheSignatures() {
            Posture.Builder old = Postures.compliantWindows().antivirusSignaturesUpdatedAt(null);
            assertThat(evaluate(old, baseline(ComplianceBaseline.MAX_SIGNATURE_AGE_DAYS, "0")).failures()).isEmpty();
            assertThat(evaluate(old, baseline(ComplianceBaseline.REQUIRE_ANTIVIRUS, "false")).failures()).isEmpty();
        }
    }

    @Nested
    class Jailbreak {

        @ParameterizedTest
        @EnumSource(value = Platform.class, names = {"IOS", "ANDROID"})
        void refusesAJailbrokenOrRootedPhone(Platform platform) {
            Failure failure = onlyFailure(evaluate(Postures.compliantIphone().platform(platform).jailbroken(true)));
            assertThat(failure.check()).isEqualTo(Check.JAILBROKEN);
            assertThat(failure.messageKey()).isEqualTo("ztDeviceJailbreakDetected");
            assertThat(failure.text()).isEqualTo("The device is jailbroken or rooted");
            assertThat(failure.graceable()).isFalse();
        }

        @Test
        void aPhoneThatDoesNotReportItFails() {
            assertThat(onlyFailure(evaluate(Postures.compliantIphone().jailbroken(null))).messageKey())
                    .isEqualTo("ztDeviceJailbreakNotReported");
        }

        @Test
        void computersAreNotAskedAboutJailbreaks() {
            assertThat(evaluate(Postures.compliantMac().jailbroken(null)).failures()).isEmpty();
        }

        @Test
        void canBeSwitchedOff() {
            assertThat(evaluate(Postures.compliantIphone().jailbroken(true), baseline(ComplianceBaseline.REFUSE_JAILBROKEN,
                    "false")).failures()).isEmpty();
        }
    }

    @Nested
    class Threats {

        @ParameterizedTest(name = "threat {0}, at most {1}: compliant {2}")
        @CsvSource({"CLEAR, CLEAR, true", "LOW, CLEAR, false", "CLEAR, LOW, true", "LOW, LOW, true", "MEDIUM, LOW, false",
            "HIGH, LOW, false", "MEDIUM, MEDIUM, true", "HIGH, MEDIUM, false", "HIGH, HIGH, true"})
        void acceptsThreatsUpToTheMaximum(DeviceThreat threat, DeviceThreat maximum, boolean compliant) {
            ComplianceVerdict verdict = evaluate(Postures.compliantMac().threat(threat),
                    baseline(ComplianceBaseline.MAX_THREAT, maximum.name()));
            assertThat(verdict.failures().isEmpty()).isEqualTo(compliant);
        }

        @Test
        void saysWhichThreatAndWhatIsAllowed() {
            Failure failure = onlyFailure(evaluate(Postures.compliantMac().threat(DeviceThreat.MEDIUM)));
            assertThat(failure.messageKey()).isEqualTo("ztDeviceThreatTooHigh");
            assertThat(failure.arguments()).containsExactly("medium", "low");
            assertThat(failure.text()).isEqualTo("The device reports a medium threat (at most low allowed)");
            assertThat(failure.graceable()).isFalse();
        }

        @Test
        void anUnreportedThreatFailsUnlessAnyThreatIsAccepted() {
            assertThat(onlyFailure(evaluate(Postures.compliantMac().threat(null))).notReported()).isTrue();
            assertThat(evaluate(Postures.compliantMac().threat(null), baseline(ComplianceBaseline.MAX_THREAT, "high"))
                    .failures()).isEmpty();
        }
    }

    @Nested
    class MdmVerdict {

        @ParameterizedTest
        @EnumSource(MdmCompliance.class)
        void aReportedStateCountsWhetherRequiredOrNot(MdmCompliance state) {
            for (String required : new String[] {"true", "false"}) {
                ComplianceVerdict verdict = evaluate(Postures.compliantIphone().mdmCompliance(state),
                        baseline(ComplianceBaseline.REQUIRE_MDM_COMPLIANCE, required));
                boolean compliant = state == MdmCompliance.COMPLIANT || state == MdmCompliance.IN_GRACE_PERIOD;
                assertThat(verdict.failures().isEmpty()).as(state + ", required " + required).isEqualTo(compliant);
            }
        }

        @Test
        void saysWhatTheMdmReported() {
            Failure failure = onlyFailure(evaluate(Postures.compliantIphone().mdmCompliance(MdmCompliance.CONFLICT)));
            assertThat(failure.messageKey()).isEqualTo("ztDeviceMdmComplianceNotCompliant");
            assertThat(failure.arguments()).containsExactly("conflict");
            assertThat(failure.graceable()).isFalse();
        }

        @Test
        void noStateFailsOnlyWhenRequired() {
            assertThat(evaluate(Postures.compliantMac()).failures()).isEmpty();
            assertThat(onlyFailure(evaluate(Postures.compliantMac(), baseline(ComplianceBaseline.REQUIRE_MDM_COMPLIANCE,
                    "true"))).notReported()).isTrue();
        }
    }

    @Nested
    class PostureAge {

        @Test
        void aPostureExactlyAtTheMaximumAgePasses() {
            assertThat(evaluate(Postures.compliantMac().reportedAt(NOW.minus(Duration.ofHours(24)))).failures()).isEmpty();
        }

        @Test
        void aStalePostureFails() {
            Failure failure = onlyFailure(evaluate(Postures.compliantMac()
                    .reportedAt(NOW.minus(Duration.ofHours(24)).minusNanos(1))));
            assertThat(failure.check()).isEqualTo(Check.POSTURE_AGE);
            assertThat(failure.messageKey()).isEqualTo("ztDevicePostureStale");
            assertThat(failure.arguments()).containsExactly("25", "24");
            assertThat(failure.text()).isEqualTo("The device posture is 25 hours old (at most 24 allowed)");
            assertThat(failure.graceable()).isFalse();
        }

        @Test
        void theMaximumAgeIsConfigurable() {
            Posture.Builder twoDaysOld = Postures.compliantMac().reportedAt(NOW.minus(Duration.ofHours(48)));
            assertThat(evaluate(twoDaysOld, baseline(ComplianceBaseline.MAX_POSTURE_AGE_HOURS, "48")).failures()).isEmpty();
            assertThat(evaluate(twoDaysOld, baseline(ComplianceBaseline.MAX_POSTURE_AGE_HOURS, "47")).failureIds())
                    .containsExactly("posture-age");
        }

        @Test
        void aPostureWithinTheClockSkewAheadPasses() {
            assertThat(evaluate(Postures.compliantMac().reportedAt(NOW.plus(Compliance.CLOCK_SKEW))).failures()).isEmpty();
        }

        @Test
        void aPostureDatedFurtherAheadFails() {
            Failure failure = onlyFailure(evaluate(Postures.compliantMac()
                    .reportedAt(NOW.plus(Compliance.CLOCK_SKEW).plusSeconds(1))));
            assertThat(failure.check()).isEqualTo(Check.POSTURE_AGE);
            assertThat(failure.messageKey()).isEqualTo(Check.POSTURE_FROM_FUTURE_KEY).isEqualTo("ztDevicePostureFromFuture");
            assertThat(failure.text()).isEqualTo("The device report is dated in the future");
            assertThat(failure.notReported()).isFalse();
        }

        @Test
        void aPostureWithoutTimeFails() {
            assertThat(onlyFailure(evaluate(Postures.compliantMac().reportedAt(null))).messageKey())
                    .isEqualTo("ztDevicePostureNotReported");
        }
    }
}
