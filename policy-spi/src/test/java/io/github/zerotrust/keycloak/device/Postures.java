package io.github.zerotrust.keycloak.device;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Duration;
import java.time.Instant;

/** Postures that pass the default baseline at {@link #NOW}, to change one fact at a time. */
final class Postures {

    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    private Postures() {
    }

    static Posture.Builder compliantMac() {
        return Posture.from(Posture.REGISTRY).deviceId("mac-1").platform(Platform.MACOS).osVersion(OsVersion.of("14.5"))
                .diskEncrypted(true).firewallOn(true).antivirusRunning(true)
                .antivirusSignaturesUpdatedAt(NOW.minus(Duration.ofDays(1))).screenLock(true).threat(DeviceThreat.CLEAR)
                .managed(true).reportedAt(NOW.minus(Duration.ofHours(1)));
    }

    static Posture.Builder compliantWindows() {
        return compliantMac().deviceId("win-1").platform(Platform.WINDOWS).osVersion(OsVersion.of("10.0.22631.2861"));
    }

    /** A phone: no firewall or antivirus to report, but a jailbreak check. */
    static Posture.Builder compliantIphone() {
        return Posture.from(Posture.MDM_HTTP).deviceId("iphone-1").platform(Platform.IOS).osVersion(OsVersion.of("17.5.1"))
                .diskEncrypted(true).screenLock(true).jailbroken(false).threat(DeviceThreat.LOW).managed(true)
                .mdmCompliance(MdmCompliance.COMPLIANT).reportedAt(NOW.minus(Duration.ofMinutes(30)));
    }
}
