package io.github.zerotrust.keycloak.authn.elevation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** An eligibility (who may activate which role, on what terms); see {@code elevation-changelog.xml}. */
@Entity
@Table(name = "ZT_ELIGIBILITY")
@NamedQueries({
        @NamedQuery(name = "ztDeleteEligibilitiesOfUser", query = "delete from EligibilityEntity e where e.realmId = :realmId"
                + " and e.principalType = 'USER' and e.principalId = :userId"),
        @NamedQuery(name = "ztEligibilitiesOfRealm", query = "select e from EligibilityEntity e where e.realmId = :realmId order by e.id"),
        @NamedQuery(name = "ztDeleteEligibilitiesOfRealm", query = "delete from EligibilityEntity e where e.realmId = :realmId")
})
public class EligibilityEntity {

    @Id
    @Column(name = "ID", length = 36, nullable = false)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "PRINCIPAL_TYPE", length = 8, nullable = false)
    private String principalType;

    @Column(name = "PRINCIPAL_ID", length = 255, nullable = false)
    private String principalId;

    @Column(name = "ROLE", length = 600, nullable = false)
    private String role;

    @Column(name = "BODY", nullable = false)
    private String body;

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

    public String getPrincipalType() {
        return principalType;
    }

    public void setPrincipalType(String principalType) {
        this.principalType = principalType;
    }

    public String getPrincipalId() {
        return principalId;
    }

    public void setPrincipalId(String principalId) {
        this.principalId = principalId;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }
}
