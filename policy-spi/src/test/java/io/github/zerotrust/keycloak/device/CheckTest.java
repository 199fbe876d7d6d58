package io.github.zerotrust.keycloak.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Ids and message keys are translated in the theme and stored in events: they are pinned here. */
class CheckTest {

    @Test
    void idsAreStableAndInPageOrder() {
        assertThat(Arrays.stream(Check.values()).map(Check::id)).containsExactly("platform", "os-version",
                "disk-encryption", "firewall", "antivirus", "antivirus-signatures", "screen-lock", "jailbroken", "threat",
                "mdm-compliance", "posture-age");
    }

    @Test
    void messageKeysAreStable() {
        assertThat(Arrays.stream(Check.values()).map(Check::failedKey)).containsExactly("ztDevicePlatformNotAllowed",
                "ztDeviceOsVersionTooOld", "ztDeviceDiskEncryptionOff", "ztDeviceFirewallOff", "ztDeviceAntivirusOff",
                "ztDeviceAntivirusSignaturesOutdated", "ztDeviceScreenLockOff", "ztDeviceJailbreakDetected",
                "ztDeviceThreatTooHigh", "ztDeviceMdmComplianceNotCompliant", "ztDevicePostureStale");
        assertThat(Check.DISK_ENCRYPTION.notReportedKey()).isEqualTo("ztDeviceDiskEncryptionNotReported");
        assertThat(Check.DISK_ENCRYPTION.remediationKey()).isEqualTo("ztDeviceDiskEncryptionHelp");
        assertThat(Check.POSTURE_FROM_FUTURE_KEY).isEqualTo("ztDevicePostureFromFuture");
    }

    @ParameterizedTest
    @EnumSource(Check.class)
    void everyCheckHasDistinctKeysAndAdvice(Check check) {
        assertThat(check.notReportedKey()).startsWith("ztDevice").endsWith("NotReported").isNotEqualTo(check.failedKey());
        assertThat(check.remediationKey()).startsWith("ztDevice").endsWith("Help");
        assertThat(check.remediation()).isNotBlank().endsWith(".");
    }

    @Test
    void onlyFixableSettingsHaveGrace() {
        assertThat(Arrays.stream(Check.values()).filter(Check::graceable)).containsExactly(Check.OS_VERSION,
                Check.DISK_ENCRYPTION, Check.FIREWALL, Check.ANTIVIRUS, Check.ANTIVIRUS_SIGNATURES, Check.SCREEN_LOCK);
    }

    @Test
    void platformSpecificChecks() {
        assertThat(Check.FIREWALL.appliesTo(Optional.of(Platform.IOS))).isFalse();
        assertThat(Check.ANTIVIRUS.appliesTo(Optional.of(Platform.ANDROID))).isFalse();
        assertThat(Check.ANTIVIRUS_SIGNATURES.appliesTo(Optional.of(Platform.IOS))).isFalse();
        assertThat(Check.FIREWALL.appliesTo(Optional.of(Platform.LINUX))).isTrue();
        assertThat(Check.JAILBROKEN.appliesTo(Optional.of(Platform.WINDOWS))).isFalse();
        assertThat(Check.JAILBROKEN.appliesTo(Optional.of(Platform.ANDROID))).isTrue();
        assertThat(Check.DISK_ENCRYPTION.appliesTo(Optional.of(Platform.IOS))).isTrue();
        for (Check check : Check.values()) {
            assertThat(check.appliesTo(Optional.empty())).as(check.id()).isTrue();
        }
    }
}
