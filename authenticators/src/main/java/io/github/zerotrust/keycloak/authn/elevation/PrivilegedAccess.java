package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Who is privileged in a realm, read once for many users: the eligibilities and the privileged roles
 * ({@code zt.elevation.privileged-roles}). A user is privileged when an eligibility applies to them or they hold a
 * privileged role in any way. Also who holds a role permanently ({@link StandingAccessReport}).
 */
public final class PrivilegedAccess {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final List<Eligibility> eligibilities;
    private final Set<RoleRef> privilegedRoles;

    private PrivilegedAccess(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.eligibilities = new ElevationStore(session).eligibilities(realm.getId());
        this.privilegedRoles = ElevationSettings.parse(realm.getAttributes()).privilegedRoles();
    }

    public static PrivilegedAccess of(KeycloakSession session, RealmModel realm) {
        return new PrivilegedAccess(session, realm);
    }

    /** Eligibilities that have not ended at {@code now}. */
    public int currentEligibilities(Instant now) {
        return (int) eligibilities.stream().filter(e -> !e.hasEnded(now)).count();
    }

    public boolean isPrivileged(UserModel user) {
        Actor actor = Directory.actor(user);
        if (eligibilities.stream().anyMatch(e -> e.appliesTo(actor))) {
            return true;
        }
        if (privilegedRoles.isEmpty()) {
            return false;
        }
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            try {
                if (privilegedRoles.contains(Directory.ref(role))) {
                    return true;
                }
            } catch (RuntimeException unnamable) {
                // a role name the text form cannot hold is not a privileged role
            }
        }
        return false;
    }

    /**
     * Per role, in its text form, the usernames that hold it outside an active elevation (directly, through a group
     * or a composite): the privileged roles and {@code also}.
     */
    public Map<String, Set<String>> standing(Set<RoleRef> also) {
        Set<RoleRef> roles = new LinkedHashSet<>(privilegedRoles);
        roles.addAll(also);
        Map<String, Set<String>> holders = new TreeMap<>();
        roles.forEach(r -> holders.put(r.toString(), new TreeSet<>()));
        for (Map<String, Object> row : new StandingAccessReport(session, realm).rows(roles)) {
            holders.get(String.valueOf(row.get("role"))).add(String.valueOf(row.get("username")));
        }
        return holders;
    }

    /**
     * The ids of the users who hold any of {@code roles} outside an active elevation (directly, through a group or a
     * composite), as {@link #standing} finds them: at most 1,000 per role and way.
     */
    public Set<String> standingHolderIds(Set<RoleRef> roles) {
        Set<String> ids = new LinkedHashSet<>();
        for (Map<String, Object> row : new StandingAccessReport(session, realm).rows(roles)) {
            ids.add(String.valueOf(row.get("userId")));
        }
        return ids;
    }
}
