package io.github.zerotrust.keycloak.device;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about one device at one moment, from one posture source. Every fact is an
 * {@link Optional}: empty means the source did not report it (or reported something unreadable),
 * never "false". {@link Compliance} fails a check whose fact is unknown ("not reported"): a device
 * is compliant because it showed it is, not because nothing was said against it.
 *
 * @param source                       who reported it: {@link #REGISTRY}, {@link #SIGNED_TOKEN},
 *                                     {@link #MDM_HTTP} or another provider's id
 * @param deviceId                     the source's identifier of the device
 * @param antivirusSignaturesUpdatedAt when the antivirus/EDR signatures were last updated
 * @param jailbroken                   jailbroken (iOS) or rooted (Android)
 * @param threat                       the threat level the device's EDR or threat-defence partner reports
 * @param managed                      enrolled in a device management service; unknown counts as not managed
 * @param mdmCompliance                the management service's own compliance verdict, when it has one
 * @param reportedAt                   when the facts were collected; the posture's age is measured from it
 */
public record Posture(String source, Optional<String> deviceId, Optional<Platform> platform,
                      Optional<OsVersion> osVersion, Optional<Boolean> diskEncrypted, Optional<Boolean> firewallOn,
                      Optional<Boolean> antivirusRunning, Optional<Instant> antivirusSignaturesUpdatedAt,
                      Optional<Boolean> screenLock, Optional<Boolean> jailbroken, Optional<DeviceThreat> threat,
                      Optional<Boolean> managed, Optional<MdmCompliance> mdmCompliance, Optional<Instant> reportedAt) {

    /** Pushed by an agent or MDM to the admin endpoint, see {@link PostureReport}. */
    public static final String REGISTRY = "registry";
    /** A verified posture token, see {@link PostureClaims}. */
    public static final String SIGNED_TOKEN = "signed-token";
    /** Asked from an MDM API in Microsoft Graph's shape, see {@link GraphManagedDevice}. */
    public static final String MDM_HTTP = "mdm-http";

    public Posture {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("A posture names its source.");
        }
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(osVersion, "osVersion");
        Objects.requireNonNull(diskEncrypted, "diskEncrypted");
        Objects.requireNonNull(firewallOn, "firewallOn");
        Objects.requireNonNull(antivirusRunning, "antivirusRunning");
        Objects.requireNonNull(antivirusSignaturesUpdatedAt, "antivirusSignaturesUpdatedAt");
        Objects.requireNonNull(screenLock, "screenLock");
        Objects.requireNonNull(jailbroken, "jailbroken");
        Objects.requireNonNull(threat, "threat");
        Objects.requireNonNull(managed, "managed");
        Objects.requireNonNull(mdmCompliance, "mdmCompliance");
        Objects.requireNonNull(reportedAt, "reportedAt");
    }

    /** A posture from {@code source} with every fact unknown, to be filled in. */
    public static Builder from(String source) {
        return new Builder(source);
    }

    /** This posture's facts, to change some of them. */
    public Builder toBuilder() {
        return new Builder(source).deviceId(deviceId.orElse(null)).platform(platform.orElse(null))
                .osVersion(osVersion.orElse(null)).diskEncrypted(diskEncrypted.orElse(null))
                .firewallOn(firewallOn.orElse(null)).antivirusRunning(antivirusRunning.orElse(null))
                .antivirusSignaturesUpdatedAt(antivirusSignaturesUpdatedAt.orElse(null))
                .screenLock(screenLock.orElse(null)).jailbroken(jailbroken.orElse(null)).threat(threat.orElse(null))
                .managed(managed.orElse(null)).mdmCompliance(mdmCompliance.orElse(null))
                .reportedAt(reportedAt.orElse(null));
    }

    /**
     * Whether the posture holds no fact at all: no platform, version, check result, threat, management or report time.
     * The registry answers so for a browser it has only seen, with nothing reported for it: the realm knows nothing of
     * that device, as when no source knows it.
     */
    public boolean saysNothing() {
        return platform.isEmpty() && osVersion.isEmpty() && diskEncrypted.isEmpty() && firewallOn.isEmpty()
                && antivirusRunning.isEmpty() && antivirusSignaturesUpdatedAt.isEmpty() && screenLock.isEmpty()
                && jailbroken.isEmpty() && threat.isEmpty() && managed.isEmpty() && mdmCompliance.isEmpty() && reportedAt.isEmpty();
    }

    /** Unknown counts as not managed: management is a claim the source has to make. */
    public boolean isManaged() {
        return managed.orElse(false);
    }

    /** Sets facts one by one; {@code null} means unknown, so a mapper can pass what it read as it is. */
    public static final class Builder {
        private final String source;
        private String deviceId;
        private Platform platform;
        private OsVersion osVersion;
        private Boolean diskEncrypted;
        private Boolean firewallOn;
        private Boolean antivirusRunning;
        private Instant antivirusSignaturesUpdatedAt;
        private Boolean screenLock;
        private Boolean jailbroken;
        private DeviceThreat threat;
        private Boolean managed;
        private MdmCompliance mdmCompliance;
        private Instant reportedAt;

        private Builder(String source) {
            this.source = source;
        }

        public Builder deviceId(String value) { deviceId = value; return this; }
        public Builder platform(Platform value) { platform = value; return this; }
        public Builder osVersion(OsVersion value) { osVersion = value; return this; }
        public Builder diskEncrypted(Boolean value) { diskEncrypted = value; return this; }
        public Builder firewallOn(Boolean value) { firewallOn = value; return this; }
        public Builder antivirusRunning(Boolean value) { antivirusRunning = value; return this; }
        public Builder antivirusSignaturesUpdatedAt(Instant value) { antivirusSignaturesUpdatedAt = value; return this; }
        public Builder screenLock(Boolean value) { screenLock = value; return this; }
        public Builder jailbroken(Boolean value) { jailbroken = value; return this; }
        public Builder threat(DeviceThreat value) { threat = value; return this; }
        public Builder managed(Boolean value) { managed = value; return this; }
        public Builder mdmCompliance(MdmCompliance value) { mdmCompliance = value; return this; }
        public Builder reportedAt(Instant value) { reportedAt = value; return this; }

        public Posture build() {
            return new Posture(source, Optional.ofNullable(deviceId), Optional.ofNullable(platform),
                    Optional.ofNullable(osVersion), Optional.ofNullable(diskEncrypted), Optional.ofNullable(firewallOn),
                    Optional.ofNullable(antivirusRunning), Optional.ofNullable(antivirusSignaturesUpdatedAt),
                    Optional.ofNullable(screenLock), Optional.ofNullable(jailbroken), Optional.ofNullable(threat),
                    Optional.ofNullable(managed), Optional.ofNullable(mdmCompliance), Optional.ofNullable(reportedAt));
        }
    }
}
