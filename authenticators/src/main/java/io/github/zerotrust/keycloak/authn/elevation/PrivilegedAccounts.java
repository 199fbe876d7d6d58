package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

/** Which accounts are privileged: eligible for a role (directly or through a group), or holding a privileged role in any way. */
public final class PrivilegedAccounts {

    private PrivilegedAccounts() {
    }

    public static boolean isPrivileged(KeycloakSession session, RealmModel realm, UserModel user) {
        Actor actor = Directory.actor(user);
        if (new ElevationStore(session).eligibilities(realm.getId()).stream().anyMatch(e -> e.appliesTo(actor))) {
            return true;
        }
        Set<RoleRef> privileged = ElevationSettings.parse(realm.getAttributes()).privilegedRoles();
        if (privileged.isEmpty()) {
            return false;
        }
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            try {
                if (privileged.contains(Directory.ref(role))) {
                    return true;
                }
            } catch (RuntimeException unnamable) {
                // a role name the text form cannot hold is not a privileged role
            }
        }
        return false;
    }
}
