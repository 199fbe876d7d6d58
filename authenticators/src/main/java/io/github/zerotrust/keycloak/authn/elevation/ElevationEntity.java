package io.github.zerotrust.keycloak.authn.elevation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An elevation, active or past (the history). {@code ACTIVE_SLOT} is {@code ACTIVE} while it is active and its own
 * id afterwards: with the unique key on realm, user, role and slot, the database itself lets only one of two
 * parallel activations of the same role through, on any node.
 */
@Entity
@Table(name = "ZT_ELEVATION")
@NamedQueries({
        @NamedQuery(name = "ztDeleteElevationsOfUser", query = "delete from ElevationEntity e where e.realmId = :realmId and e.userId = :userId"),
        @NamedQuery(name = "ztElevationsOfUser", query = "select e from ElevationEntity e where e.realmId = :realmId"
                + " and e.userId = :userId order by e.endAt desc"),
        @NamedQuery(name = "ztActiveElevationsOfUser", query = "select e from ElevationEntity e where e.realmId = :realmId"
                + " and e.userId = :userId and e.status = 'ACTIVE'"),
        @NamedQuery(name = "ztActiveElevationsOfRealm", query = "select e from ElevationEntity e where e.realmId = :realmId"
                + " and e.status = 'ACTIVE'"),
        @NamedQuery(name = "ztElevationsOfRealm", query = "select e from ElevationEntity e where e.realmId = :realmId order by e.endAt desc"),
        @NamedQuery(name = "ztDueElevations", query = "select e from ElevationEntity e where e.status = 'ACTIVE'"
                + " and e.endAt <= :until order by e.endAt"),
        @NamedQuery(name = "ztActiveRolesOfUsers", query = "select e.realmId, e.userId, e.role from ElevationEntity e"
                + " where e.status = 'ACTIVE' and e.userId in :userIds and e.id not in :ids"),
        @NamedQuery(name = "ztDueElevation", query = "select e from ElevationEntity e where e.id = :id and e.status = 'ACTIVE'"
                + " and e.endAt <= :until"),
        @NamedQuery(name = "ztDeleteElevationsOfRealm", query = "delete from ElevationEntity e where e.realmId = :realmId")
})
public class ElevationEntity {

    static final String ACTIVE = "ACTIVE";

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;

    @Column(name = "ROLE", length = 600, nullable = false)
    private String role;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "END_AT", nullable = false)
    private long endAt;

    @Column(name = "ACTIVE_SLOT", length = 36, nullable = false)
    private String activeSlot;

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

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public long getEndAt() {
        return endAt;
    }

    public void setEndAt(long endAt) {
        this.endAt = endAt;
    }

    public String getActiveSlot() {
        return activeSlot;
    }

    public void setActiveSlot(String activeSlot) {
        this.activeSlot = activeSlot;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
