package io.github.zerotrust.keycloak.authn.elevation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A request for approval of an activation or extension; see {@code elevation-changelog.xml}. */
@Entity
@Table(name = "ZT_ELEVATION_REQUEST")
@NamedQueries({
        @NamedQuery(name = "ztDeleteRequestsOfUser", query = "delete from ElevationRequestEntity r where r.realmId = :realmId and r.requesterId = :userId"),
        @NamedQuery(name = "ztPendingRequestsOfRealm", query = "select r from ElevationRequestEntity r where r.realmId = :realmId"
                + " and r.state = 'PENDING' order by r.lapsesAt"),
        @NamedQuery(name = "ztRequestsOfUser", query = "select r from ElevationRequestEntity r where r.realmId = :realmId"
                + " and r.requesterId = :userId order by r.lapsesAt desc"),
        @NamedQuery(name = "ztLapsingRequests", query = "select r from ElevationRequestEntity r where r.state = 'PENDING'"
                + " and r.lapsesAt <= :until"),
        @NamedQuery(name = "ztDeleteRequestsOfRealm", query = "delete from ElevationRequestEntity r where r.realmId = :realmId")
})
public class ElevationRequestEntity {

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "REQUESTER_ID", length = 36, nullable = false)
    private String requesterId;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "LAPSES_AT", nullable = false)
    private long lapsesAt;

    @Column(name = "BODY", nullable = false)
    private String body;

    @Version
    @Column(name = "VERSION", nullable = false)
    private int version;

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

    public String getRequesterId() {
        return requesterId;
    }

    public void setRequesterId(String requesterId) {
        this.requesterId = requesterId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public long getLapsesAt() {
        return lapsesAt;
    }

    public void setLapsesAt(long lapsesAt) {
        this.lapsesAt = lapsesAt;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
