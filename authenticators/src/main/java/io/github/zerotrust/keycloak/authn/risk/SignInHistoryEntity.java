package io.github.zerotrust.keycloak.authn.risk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One fully successful sign-in, as the risk signals remember it. Table and columns are created by
 * {@code META-INF/zero-trust/risk-changelog.xml}; names are stored, see docs/ids.md.
 */
@Entity
@Table(name = "ZT_SIGN_IN_HISTORY")
@NamedQueries({
        @NamedQuery(name = "ztSignInsOfUser", query = "select h from SignInHistoryEntity h"
                + " where h.realmId = :realmId and h.userId = :userId order by h.signedInAt desc, h.id desc"),
        @NamedQuery(name = "ztDeleteSignInsByIds", query = "delete from SignInHistoryEntity h where h.id in :ids"),
        @NamedQuery(name = "ztDeleteSignInsOfUser", query = "delete from SignInHistoryEntity h"
                + " where h.realmId = :realmId and h.userId = :userId"),
        @NamedQuery(name = "ztDeleteSignInsOfRealm", query = "delete from SignInHistoryEntity h where h.realmId = :realmId")
})
public class SignInHistoryEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    /** Epoch milliseconds. */
    @Column(name = "SIGNED_IN_AT", nullable = false)
    private long signedInAt;

    /** The canonical address, or its keyed hash when the realm chose privacy. */
    @Column(name = "ADDRESS_KEY", length = 64)
    private String addressKey;

    @Column(name = "COUNTRY", length = 2)
    private String country;

    @Column(name = "LATITUDE")
    private Double latitude;

    @Column(name = "LONGITUDE")
    private Double longitude;

    @Column(name = "ACCURACY_KM")
    private Integer accuracyKm;

    @Column(name = "ASN")
    private Long asn;

    @Column(name = "DEVICE_ID", length = 64)
    private String deviceId;

    /** The outcome: the risk level the sign-in succeeded at ({@code low}, {@code medium}, {@code high}). */
    @Column(name = "RISK_LEVEL", length = 8)
    private String riskLevel;

    /** Comma-separated zone names that held the address. */
    @Column(name = "ZONES", length = 1024)
    private String zones;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public long getSignedInAt() {
        return signedInAt;
    }

    public void setSignedInAt(long signedInAt) {
        this.signedInAt = signedInAt;
    }

    public String getAddressKey() {
        return addressKey;
    }

    public void setAddressKey(String addressKey) {
        this.addressKey = addressKey;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
    }

    public Double getLatitude() {
        return latitude;
    }

    public void setLatitude(Double latitude) {
        this.latitude = latitude;
    }

    public Double getLongitude() {
        return longitude;
    }

    public void setLongitude(Double longitude) {
        this.longitude = longitude;
    }

    public Integer getAccuracyKm() {
        return accuracyKm;
    }

    public void setAccuracyKm(Integer accuracyKm) {
        this.accuracyKm = accuracyKm;
    }

    public Long getAsn() {
        return asn;
    }

    public void setAsn(Long asn) {
        this.asn = asn;
    }

    public String getDeviceId() {
        return deviceId;
    }

    public void setDeviceId(String deviceId) {
        this.deviceId = deviceId;
    }

    public String getRiskLevel() {
        return riskLevel;
    }

    public void setRiskLevel(String riskLevel) {
        this.riskLevel = riskLevel;
    }

    public String getZones() {
        return zones;
    }

    public void setZones(String zones) {
        this.zones = zones;
    }
}
