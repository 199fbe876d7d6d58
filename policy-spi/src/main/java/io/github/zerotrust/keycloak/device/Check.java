package io.github.zerotrust.keycloak.device;

import java.util.Optional;

/**
 * One rule of the compliance baseline, in the order the remediation page lists them. The ids and
 * message keys are shown to users, written into events and translated in the theme, so they cannot
 * change without a migration.
 *
 * <p>Grace: only a known setting the user can fix (an old OS, encryption, firewall or antivirus off,
 * old signatures, no screen lock) may be let through during the baseline's grace period. A fact that
 * was not reported, a stale posture, a jailbroken or threatened device, a platform that is not allowed
 * and the MDM's own "not compliant" (its grace is already over) never are.
 */
public enum Check {
    PLATFORM("platform", "ztDevicePlatform", "NotAllowed", "The operating system",
            "Sign in from a device with an operating system your organisation allows.", false),
    OS_VERSION("os-version", "ztDeviceOsVersion", "TooOld", "The OS version",
            "Install the latest operating system updates and restart the device.", true),
    DISK_ENCRYPTION("disk-encryption", "ztDeviceDiskEncryption", "Off", "Disk encryption",
            "Turn on disk encryption: BitLocker on Windows, FileVault on macOS, LUKS on Linux, a passcode on phones.", true),
    FIREWALL("firewall", "ztDeviceFirewall", "Off", "The firewall state",
            "Turn on the firewall in the system's security settings.", true),
    ANTIVIRUS("antivirus", "ztDeviceAntivirus", "Off", "Antivirus status",
            "Turn on the antivirus or EDR protection your organisation provides.", true),
    ANTIVIRUS_SIGNATURES("antivirus-signatures", "ztDeviceAntivirusSignatures", "Outdated", "The antivirus signature date",
            "Connect to the internet and update the antivirus signatures (security intelligence).", true),
    SCREEN_LOCK("screen-lock", "ztDeviceScreenLock", "Off", "Screen lock",
            "Set a password, PIN or passcode that locks the screen.", true),
    JAILBROKEN("jailbroken", "ztDeviceJailbreak", "Detected", "Jailbreak or root detection",
            "Restore the device's original operating system; ask your IT department for help.", false),
    THREAT("threat", "ztDeviceThreat", "TooHigh", "The device threat level",
            "Run a scan with the device's security software and contact your IT department.", false),
    MDM_COMPLIANCE("mdm-compliance", "ztDeviceMdmCompliance", "NotCompliant", "The device management compliance state",
            "Open the device management app (such as Company Portal), check the device's status and sync it.", false),
    POSTURE_AGE("posture-age", "ztDevicePosture", "Stale", "The time of the device report",
            "Make sure the device management agent is running and connected, then sync the device.", false);

    /** {@link #POSTURE_AGE} failing because the report is dated more than a few minutes ahead of the clock. */
    public static final String POSTURE_FROM_FUTURE_KEY = "ztDevicePostureFromFuture";

    private final String id;
    private final String failedKey;
    private final String notReportedKey;
    private final String remediationKey;
    private final String fact;
    private final String remediation;
    private final boolean graceable;

    Check(String id, String stem, String failure, String fact, String remediation, boolean graceable) {
        this.id = id;
        this.failedKey = stem + failure;
        this.notReportedKey = stem + "NotReported";
        this.remediationKey = stem + "Help";
        this.fact = fact;
        this.remediation = remediation;
        this.graceable = graceable;
    }

    /** The stable id: {@code disk-encryption}, {@code os-version}, ... */
    public String id() {
        return id;
    }

    /** The message key when the fact is known and wrong, such as {@code ztDeviceDiskEncryptionOff}. */
    public String failedKey() {
        return failedKey;
    }

    /** The message key when the fact was not reported, such as {@code ztDeviceDiskEncryptionNotReported}. */
    public String notReportedKey() {
        return notReportedKey;
    }

    /** The message key of the page's advice on how to fix it, such as {@code ztDeviceDiskEncryptionHelp}. */
    public String remediationKey() {
        return remediationKey;
    }

    /** The advice in English, for the default theme text and for admins. */
    public String remediation() {
        return remediation;
    }

    String notReportedText() {
        return fact + " was not reported";
    }

    /** Whether a known bad value of this check may be let through during the grace period. */
    public boolean graceable() {
        return graceable;
    }

    /**
     * Phones and tablets have no firewall or antivirus to report; only they are jailbroken or rooted.
     * With the platform unknown every check applies, so that not knowing it never skips one.
     */
    public boolean appliesTo(Optional<Platform> platform) {
        return switch (this) {
            case FIREWALL, ANTIVIRUS, ANTIVIRUS_SIGNATURES -> platform.map(p -> !p.mobile()).orElse(true);
            case JAILBROKEN -> platform.map(Platform::mobile).orElse(true);
            default -> true;
        };
    }
}
