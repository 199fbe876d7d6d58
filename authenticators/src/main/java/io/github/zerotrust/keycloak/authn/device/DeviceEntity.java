package io.github.zerotrust.keycloak.authn.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One device of one user, as the registry knows it. Created by {@code device-changelog.xml}; the
 * table, column and state names are stored, see docs/ids.md. Times are epoch milliseconds.
 */
@Entity
@Table(name = "ZT_DEVICE")
@NamedQueries({
        @NamedQuery(name = "ztDevice", query = "select d from DeviceEntity d where d.realmId = :realmId and d.deviceId = :deviceId"),
        @NamedQuery(name = "ztDevicesOfRealm", query = "select d from DeviceEntity d where d.realmId = :realmId order by d.lastSeen desc, d.id"),
        @NamedQuery(name = "ztDevicesOfOwner", query = "select d from DeviceEntity d where d.realmId = :realmId"
                + " and d.ownerId = :ownerId order by d.lastSeen desc, d.id"),
        @NamedQuery(name = "ztDeleteDevicesOfOwner", query = "delete from DeviceEntity d where d.realmId = :realmId and d.ownerId = :ownerId"),
        @NamedQuery(name = "ztDeleteDevicesOfRealm", query = "delete from DeviceEntity d where d.realmId = :realmId")
})
public class DeviceEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The device's id in the registry: the recognised-browser id, or the id an agent enrolled it under. */
    @Column(name = "DEVICE_ID", length = 128, nullable = false)
    private String deviceId;

    @Column(name = "OWNER_ID", length = 36)
    private String ownerId;

    @Column(name = "PLATFORM", length = 16)
    private String platform;

    @Column(name = "DISPLAY_NAME", length = 255)
    private String displayName;

    @Column(name = "MANAGED", nullable = false)
    private boolean managed;

    /** {@link DeviceState} name. */
    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "FIRST_SEEN", nullable = false)
    private long firstSeen;

    @Column(name = "LAST_SEEN", nullable = false)
    private long lastSeen;

    /** The device's public key as a JWK (JSON), for posture tokens the device signs itself. */
    @Column(name = "PUBLIC_KEY", length = 4000)
    private String publicKey;

    /** The last posture, as a normalised posture report (JSON). */
    @Column(name = "POSTURE", length = 2000)
    private String posture;

    @Column(name = "POSTURE_RECEIVED_AT")
    private Long postureReceivedAt;

    @Column(name = "NON_COMPLIANT_SINCE")
    private Long nonCompliantSince;

    /** The user id of the reporter (an agent's or MDM's service account) that enrolled the device: the only one that may report it. */
    @Column(name = "ENROLLED_BY", length = 36)
    private String enrolledBy;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getDeviceId() { return deviceId; }
    public void setDeviceId(String deviceId) { this.deviceId = deviceId; }
    public String getOwnerId() { return ownerId; }
    public void setOwnerId(String ownerId) { this.ownerId = ownerId; }
    public String getPlatform() { return platform; }
    public void setPlatform(String platform) { this.platform = platform; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public boolean isManaged() { return managed; }
    public void setManaged(boolean managed) { this.managed = managed; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public long getFirstSeen() { return firstSeen; }
    public void setFirstSeen(long firstSeen) { this.firstSeen = firstSeen; }
    public long getLastSeen() { return lastSeen; }
    public void setLastSeen(long lastSeen) { this.lastSeen = lastSeen; }
    public String getPublicKey() { return publicKey; }
    public void setPublicKey(String publicKey) { this.publicKey = publicKey; }
    public String getPosture() { return posture; }
    public void setPosture(String posture) { this.posture = posture; }
    public Long getPostureReceivedAt() { return postureReceivedAt; }
    public void setPostureReceivedAt(Long postureReceivedAt) { this.postureReceivedAt = postureReceivedAt; }
    public Long getNonCompliantSince() { return nonCompliantSince; }
    public void setNonCompliantSince(Long nonCompliantSince) { this.nonCompliantSince = nonCompliantSince; }
    public String getEnrolledBy() { return enrolledBy; }
    public void setEnrolledBy(String enrolledBy) { this.enrolledBy = enrolledBy; }
}
