package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.Principal;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Whether an admin may do to an eligibility or an elevation what Keycloak would let them do to the role mapping it
 * stands for: map the role ({@code auth.roles().canMapRole}, which also keeps admin roles to those who hold them)
 * and map roles to the user ({@code auth.users().canMapRoles}) or manage the group ({@code auth.groups().canManage}).
 * An eligibility is a role mapping deferred; it must not be a way round Keycloak's own rule.
 */
final class AdminRights {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final Directory directory;

    AdminRights(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.directory = new Directory(session, realm);
    }

    /** Whether the admin may make (or unmake) {@code eligibility}; a role or principal that does not exist: no. */
    boolean mayGrant(Eligibility eligibility) {
        return mayMap(eligibility.role()) && mayMapTo(eligibility.principal());
    }

    /** Whether the admin may end {@code elevation} now: as if removing its role mapping from its user. */
    boolean mayEnd(Elevation elevation) {
        UserModel user = session.users().getUserById(realm, elevation.userId());
        return mayMap(elevation.role()) && (user == null || auth.users().canMapRoles(user));
    }

    private boolean mayMap(RoleRef ref) {
        Optional<RoleModel> role = directory.role(ref);
        return role.isPresent() && auth.roles().canMapRole(role.get());
    }

    private boolean mayMapTo(Principal principal) {
        if (principal.type() == Principal.Type.USER) {
            UserModel user = session.users().getUserById(realm, principal.id());
            return user != null && auth.users().canMapRoles(user);
        }
        GroupModel group = realm.getGroupById(principal.id());
        return group != null && auth.groups().canManage(group);
    }

    /** The acting admin's user id, for events. */
    String adminId() {
        return auth.adminAuth() == null || auth.adminAuth().getUser() == null ? "unknown" : auth.adminAuth().getUser().getId();
    }

    /** The acting admin, if they are a user of this realm (a master-realm admin is not). */
    Optional<UserModel> adminInRealm() {
        if (auth.adminAuth() == null || auth.adminAuth().getUser() == null
                || !realm.getId().equals(auth.adminAuth().getRealm().getId())) {
            return Optional.empty();
        }
        return Optional.of(auth.adminAuth().getUser());
    }
}
