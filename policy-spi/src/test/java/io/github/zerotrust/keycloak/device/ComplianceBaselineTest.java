package io.github.zerotrust.keycloak.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComplianceBaselineTest {

    private static ComplianceBaseline.Parsed read(String key, String value) {
        Map<String, String> config = new HashMap<>();
        config.put(key, value);
        return ComplianceBaseline.read(config);
    }

    @Nested
    class Defaults {

        private final ComplianceBaseline defaults = ComplianceBaseline.defaults();

        @Test
        void requireEveryProtectionButNoMinimumOs() {
            assertThat(defaults).isEqualTo(new ComplianceBaseline(Map.of(), EnumSet.allOf(Platform.class), true, true,
                    true, Duration.ofDays(7), true, true, DeviceThreat.LOW, Duration.ofHours(24), Duration.ZERO, false));
            assertThat(defaults.minimumOsVersions()).isEmpty();
            assertThat(defaults.allowedPlatforms()).containsExactlyInAnyOrder(Platform.values());
            assertThat(defaults.maxThreat()).isEqualTo(DeviceThreat.LOW);
            assertThat(defaults.maxSignatureAge()).isEqualTo(Duration.ofDays(7));
            assertThat(defaults.maxPostureAge()).isEqualTo(Duration.ofHours(24));
            assertThat(defaults.gracePeriod()).isZero();
            assertThat(defaults.requireMdmCompliance()).isFalse();
        }

        @Test
        void parsingNothingGivesTheDefaults() {
            assertThat(ComplianceBaseline.parse(Map.of())).isEqualTo(defaults);
            assertThat(ComplianceBaseline.parse(null)).isEqualTo(defaults);
            assertThat(ComplianceBaseline.read(Map.of()).problems()).isEmpty();
        }

        @Test
        void blankValuesCountAsAbsent() {
            Map<String, String> blanks = new HashMap<>();
            ComplianceBaseline.KEYS.forEach(key -> blanks.put(key, "  "));
            assertThat(ComplianceBaseline.read(blanks).baseline()).isEqualTo(defaults);
            assertThat(ComplianceBaseline.read(blanks).problems()).isEmpty();
        }

        @Test
        void keysAreRealmAttributesUnderZtDevice() {
            assertThat(ComplianceBaseline.KEYS).containsExactly("zt.device.min-os.windows", "zt.device.min-os.macos",
                    "zt.device.min-os.ios", "zt.device.min-os.android", "zt.device.min-os.linux",
                    "zt.device.allowed-platforms", "zt.device.require-disk-encryption", "zt.device.require-firewall",
                    "zt.device.require-antivirus", "zt.device.max-signature-age-days", "zt.device.require-screen-lock",
                    "zt.device.refuse-jailbroken", "zt.device.max-threat", "zt.device.max-posture-age-hours",
                    "zt.device.grace-hours", "zt.device.grace-minutes", "zt.device.require-mdm-compliance");
        }

        @ParameterizedTest
        @EnumSource(Platform.class)
        void eachPlatformHasAMinimumOsKey(Platform platform) {
            assertThat(ComplianceBaseline.minOsKey(platform)).isEqualTo("zt.device.min-os." + platform.key())
                    .isIn(ComplianceBaseline.KEYS);
        }
    }

    @Nested
    class Values {

        @Test
        void readsEverySetting() {
            ComplianceBaseline.Parsed parsed = ComplianceBaseline.read(Map.ofEntries(
                    Map.entry(ComplianceBaseline.MIN_OS_WINDOWS, "10.0.22631"),
                    Map.entry(ComplianceBaseline.MIN_OS_MACOS, " 14.0 "),
                    Map.entry(ComplianceBaseline.MIN_OS_IOS, "17.1.2"),
                    Map.entry(ComplianceBaseline.MIN_OS_ANDROID, "14"),
                    Map.entry(ComplianceBaseline.MIN_OS_LINUX, "6.5"),
                    Map.entry(ComplianceBaseline.ALLOWED_PLATFORMS, "windows, macOS;iPadOS\nMac OS X"),
                    Map.entry(ComplianceBaseline.REQUIRE_DISK_ENCRYPTION, "false"),
                    Map.entry(ComplianceBaseline.REQUIRE_FIREWALL, "off"),
                    Map.entry(ComplianceBaseline.REQUIRE_ANTIVIRUS, "no"),
                    Map.entry(ComplianceBaseline.MAX_SIGNATURE_AGE_DAYS, "3"),
                    Map.entry(ComplianceBaseline.REQUIRE_SCREEN_LOCK, "FALSE"),
                    Map.entry(ComplianceBaseline.REFUSE_JAILBROKEN, "false"),
                    Map.entry(ComplianceBaseline.MAX_THREAT, "Medium"),
                    Map.entry(ComplianceBaseline.MAX_POSTURE_AGE_HOURS, "72"),
                    Map.entry(ComplianceBaseline.GRACE_HOURS, "48"),
                    Map.entry(ComplianceBaseline.REQUIRE_MDM_COMPLIANCE, "yes")));
            assertThat(parsed.problems()).isEmpty();
            assertThat(parsed.baseline()).isEqualTo(new ComplianceBaseline(
                    Map.of(Platform.WINDOWS, OsVersion.of("10.0.22631"), Platform.MACOS, OsVersion.of("14"),
                            Platform.IOS, OsVersion.of("17.1.2"), Platform.ANDROID, OsVersion.of("14"),
                            Platform.LINUX, OsVersion.of("6.5")),
                    Set.of(Platform.WINDOWS, Platform.MACOS, Platform.IOS), false, false, false, Duration.ofDays(3),
                    false, false, DeviceThreat.MEDIUM, Duration.ofHours(72), Duration.ofHours(48), true));
            assertThat(parsed.baseline().minimumOsVersion(Platform.MACOS)).map(OsVersion::toString).contains("14.0");
        }

        @ParameterizedTest
        @CsvSource({"true, true", "ON, true", "yes, true", "false, false", "off, false", "No, false"})
        void readsFlags(String text, boolean expected) {
            for (String key : new String[] {ComplianceBaseline.REQUIRE_DISK_ENCRYPTION, ComplianceBaseline.REQUIRE_FIREWALL,
                ComplianceBaseline.REQUIRE_ANTIVIRUS, ComplianceBaseline.REQUIRE_SCREEN_LOCK,
                ComplianceBaseline.REFUSE_JAILBROKEN, ComplianceBaseline.REQUIRE_MDM_COMPLIANCE}) {
                ComplianceBaseline.Parsed parsed = read(key, text);
                assertThat(parsed.problems()).as(key).isEmpty();
                assertThat(flag(parsed.baseline(), key)).as(key).isEqualTo(expected);
            }
        }

        private boolean flag(ComplianceBaseline b, String key) {
            return switch (key) {
                case ComplianceBaseline.REQUIRE_DISK_ENCRYPTION -> b.requireDiskEncryption();
                case ComplianceBaseline.REQUIRE_FIREWALL -> b.requireFirewall();
                case ComplianceBaseline.REQUIRE_ANTIVIRUS -> b.requireAntivirus();
                case ComplianceBaseline.REQUIRE_SCREEN_LOCK -> b.requireScreenLock();
                case ComplianceBaseline.REFUSE_JAILBROKEN -> b.refuseJailbroken();
                default -> b.requireMdmCompliance();
            };
        }

        @ParameterizedTest
        @CsvSource({"clear, CLEAR", "LOW, LOW", "medium, MEDIUM", "' high ', HIGH"})
        void readsTheMaximumThreat(String text, DeviceThreat threat) {
            assertThat(read(ComplianceBaseline.MAX_THREAT, text).baseline().maxThreat()).isEqualTo(threat);
        }

        @Test
        void signatureAgeZeroSwitchesTheSignatureCheckOff() {
            assertThat(read(ComplianceBaseline.MAX_SIGNATURE_AGE_DAYS, "0").baseline().maxSignatureAge()).isZero();
        }
    }

    @Nested
    class BadValues {

        @ParameterizedTest
        @CsvSource({
            "zt.device.max-signature-age-days, 400, 'zt.device.max-signature-age-days: 400 is outside 0 to 365; using 365'",
            "zt.device.max-signature-age-days, -1, 'zt.device.max-signature-age-days: -1 is outside 0 to 365; using 0'",
            "zt.device.max-posture-age-hours, 0, 'zt.device.max-posture-age-hours: 0 is outside 1 to 8760; using 1'",
            "zt.device.max-posture-age-hours, 99999999999, 'zt.device.max-posture-age-hours: 99999999999 is outside 1 to 8760; using 8760'",
            "zt.device.grace-hours, 721, 'zt.device.grace-hours: 721 is outside 0 to 720; using 720'",
            "zt.device.grace-hours, -5, 'zt.device.grace-hours: -5 is outside 0 to 720; using 0'"})
        void clampsNumbersAndSaysSo(String key, String value, String problem) {
            assertThat(read(key, value).problems()).containsExactly(problem);
        }

        @Test
        void clampedNumbersAreUsed() {
            assertThat(read(ComplianceBaseline.MAX_SIGNATURE_AGE_DAYS, "400").baseline().maxSignatureAge())
                    .isEqualTo(Duration.ofDays(365));
            assertThat(read(ComplianceBaseline.MAX_POSTURE_AGE_HOURS, "0").baseline().maxPostureAge())
                    .isEqualTo(Duration.ofHours(1));
            assertThat(read(ComplianceBaseline.GRACE_HOURS, "100000").baseline().gracePeriod())
                    .isEqualTo(Duration.ofHours(720));
        }

        @Test
        void graceInMinutesWinsOverHoursAndIsClampedToTheSameLimit() {
            assertThat(ComplianceBaseline.parse(Map.of(ComplianceBaseline.GRACE_HOURS, "48",
                    ComplianceBaseline.GRACE_MINUTES, "5")).gracePeriod()).isEqualTo(Duration.ofMinutes(5));
            assertThat(ComplianceBaseline.parse(Map.of(ComplianceBaseline.GRACE_HOURS, "2",
                    ComplianceBaseline.GRACE_MINUTES, " ")).gracePeriod()).isEqualTo(Duration.ofHours(2));
            assertThat(read(ComplianceBaseline.GRACE_MINUTES, "100000").baseline().gracePeriod())
                    .isEqualTo(Duration.ofHours(720));
        }

        @Test
        void aStepThatNamesNoGraceKeepsTheRealmsGraceInMinutes() {
            ComplianceBaseline realm = ComplianceBaseline.parse(Map.of(ComplianceBaseline.GRACE_MINUTES, "1"));

            assertThat(realm.overriddenBy(Map.of(ComplianceBaseline.MIN_OS_MACOS, "14.0")).gracePeriod())
                    .isEqualTo(Duration.ofMinutes(1));
            assertThat(realm.overriddenBy(Map.of(ComplianceBaseline.GRACE_HOURS, "2")).gracePeriod())
                    .isEqualTo(Duration.ofHours(2));
        }

        @ParameterizedTest
        @ValueSource(strings = {"seven", "7d", "7.5", "1e3", "0x10"})
        void unreadableNumbersKeepTheDefault(String text) {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.MAX_SIGNATURE_AGE_DAYS, text);
            assertThat(parsed.baseline()).isEqualTo(ComplianceBaseline.defaults());
            assertThat(parsed.problems()).singleElement().asString()
                    .isEqualTo("zt.device.max-signature-age-days: '" + text + "' is not a whole number; using 7");
        }

        @ParameterizedTest
        @ValueSource(strings = {"maybe", "1", "tru"})
        void unreadableFlagsKeepTheDefault(String text) {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.REQUIRE_FIREWALL, text);
            assertThat(parsed.baseline()).isEqualTo(ComplianceBaseline.defaults());
            assertThat(parsed.problems()).containsExactly(
                    "zt.device.require-firewall: '" + text + "' is not true or false; using true");
        }

        @Test
        void unreadableThreatKeepsLow() {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.MAX_THREAT, "severe");
            assertThat(parsed.baseline().maxThreat()).isEqualTo(DeviceThreat.LOW);
            assertThat(parsed.problems()).containsExactly(
                    "zt.device.max-threat: 'severe' is not a threat level (clear, low, medium, high); using low");
        }

        @ParameterizedTest
        @ValueSource(strings = {"14,0", "Sonoma", "14..1", "v14"})
        void malformedMinimumOsIsIgnoredAndReported(String text) {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.MIN_OS_MACOS, text);
            assertThat(parsed.baseline().minimumOsVersion(Platform.MACOS)).isEmpty();
            assertThat(parsed.problems()).singleElement().asString()
                    .startsWith("zt.device.min-os.macos: '" + text + "' is not an OS version").endsWith("Using none");
        }

        @Test
        void unreadablePlatformsAreSkippedAndReported() {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.ALLOWED_PLATFORMS, "windows, BeOS, macos");
            assertThat(parsed.baseline().allowedPlatforms()).containsExactlyInAnyOrder(Platform.WINDOWS, Platform.MACOS);
            assertThat(parsed.problems()).containsExactly("zt.device.allowed-platforms: 'BeOS' is not a platform "
                    + "(windows, macos, ios, android, linux); skipped");
        }

        @Test
        void anAllowListWithNothingReadableAllowsNoPlatform() {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.ALLOWED_PLATFORMS, "BeOS, OS/2");
            assertThat(parsed.baseline().allowedPlatforms()).isEmpty();
            assertThat(parsed.problems()).hasSize(3).last().asString()
                    .isEqualTo("zt.device.allowed-platforms: no readable platform; no device is allowed until it is fixed");
        }

        @Test
        void hugeValuesAreIgnored() {
            ComplianceBaseline.Parsed parsed = read(ComplianceBaseline.ALLOWED_PLATFORMS, "windows,".repeat(200));
            assertThat(parsed.baseline()).isEqualTo(ComplianceBaseline.defaults());
            assertThat(parsed.problems()).containsExactly("zt.device.allowed-platforms: longer than 1000 characters; ignored");
        }

        @Test
        void everyProblemIsListed() {
            assertThat(ComplianceBaseline.read(Map.of(ComplianceBaseline.GRACE_HOURS, "lots",
                    ComplianceBaseline.MAX_THREAT, "x", ComplianceBaseline.MIN_OS_IOS, "seventeen")).problems()).hasSize(3);
        }

        @Test
        void theRecordRefusesImpossibleDurations() {
            ComplianceBaseline d = ComplianceBaseline.defaults();
            assertThatIllegalArgumentException().isThrownBy(() -> new ComplianceBaseline(Map.of(), Set.of(), true, true,
                    true, Duration.ofDays(-1), true, true, DeviceThreat.LOW, d.maxPostureAge(), Duration.ZERO, false));
            assertThatIllegalArgumentException().isThrownBy(() -> new ComplianceBaseline(Map.of(), Set.of(), true, true,
                    true, d.maxSignatureAge(), true, true, DeviceThreat.LOW, Duration.ZERO, Duration.ZERO, false));
        }
    }

    @Nested
    class Overrides {

        private final ComplianceBaseline realm = ComplianceBaseline.parse(Map.of(
                ComplianceBaseline.MIN_OS_MACOS, "14.0",
                ComplianceBaseline.MIN_OS_WINDOWS, "10.0.22631",
                ComplianceBaseline.GRACE_HOURS, "24",
                ComplianceBaseline.MAX_THREAT, "medium"));

        @Test
        void onlyKeysPresentOverride() {
            ComplianceBaseline condition = realm.overriddenBy(Map.of(
                    ComplianceBaseline.MIN_OS_MACOS, "14.5",
                    ComplianceBaseline.REQUIRE_FIREWALL, "false",
                    ComplianceBaseline.GRACE_HOURS, " "));
            assertThat(condition.minimumOsVersion(Platform.MACOS)).contains(OsVersion.of("14.5"));
            assertThat(condition.minimumOsVersion(Platform.WINDOWS)).contains(OsVersion.of("10.0.22631"));
            assertThat(condition.requireFirewall()).isFalse();
            assertThat(condition.gracePeriod()).isEqualTo(Duration.ofHours(24));
            assertThat(condition.maxThreat()).isEqualTo(DeviceThreat.MEDIUM);
            assertThat(condition).isEqualTo(new ComplianceBaseline(
                    Map.of(Platform.MACOS, OsVersion.of("14.5"), Platform.WINDOWS, OsVersion.of("10.0.22631")),
                    EnumSet.allOf(Platform.class), true, false, true, Duration.ofDays(7), true, true,
                    DeviceThreat.MEDIUM, Duration.ofHours(24), Duration.ofHours(24), false));
        }

        @Test
        void noOverridesIsTheSameBaseline() {
            assertThat(realm.overriddenBy(Map.of())).isEqualTo(realm);
            assertThat(realm.overriddenBy(null)).isEqualTo(realm);
        }

        @Test
        void aConditionCanWaiveAMinimumWithNone() {
            assertThat(realm.overriddenBy(Map.of(ComplianceBaseline.MIN_OS_MACOS, "none")).minimumOsVersion(Platform.MACOS))
                    .isEmpty();
        }

        @Test
        void anUnreadableOverrideKeepsTheRealmValueNotTheDefault() {
            ComplianceBaseline condition = realm.overriddenBy(Map.of(ComplianceBaseline.MIN_OS_MACOS, "fourteen",
                    ComplianceBaseline.MAX_THREAT, "extreme", ComplianceBaseline.GRACE_HOURS, "soon"));
            assertThat(condition).isEqualTo(realm);
        }

        @Test
        void otherKeysOfTheConditionAreIgnored() {
            assertThat(realm.overriddenBy(Map.of("zt.report-only", "true", "zt.device.unknown", "1"))).isEqualTo(realm);
        }

        @Test
        void aConditionConfigIsValidatedWithRead() {
            assertThat(ComplianceBaseline.read(Map.of(ComplianceBaseline.GRACE_HOURS, "soon")).problems())
                    .containsExactly("zt.device.grace-hours: 'soon' is not a whole number; using 0");
        }
    }
}
