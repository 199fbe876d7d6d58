package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.Memberships;
import java.util.Optional;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;

/** A user's groups and roles as Keycloak's model has them, asked one name at a time. */
final class KeycloakMemberships implements Memberships {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    KeycloakMemberships(KeycloakSession session, RealmModel realm, UserModel user) {
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    @Override
    public Optional<Boolean> inGroup(String name) {
        GroupModel group = name.startsWith("/") ? KeycloakModelUtils.findGroupByPath(session, realm, name)
                : session.groups().getGroupByName(realm, null, name);
        return group == null ? Optional.empty() : Optional.of(RoleUtils.isMember(user.getGroupsStream(), group));
    }

    @Override
    public Optional<Boolean> hasRole(String name) {
        RoleModel role = KeycloakModelUtils.getRoleFromString(session, realm, name);
        return role == null ? Optional.empty() : Optional.of(user.hasRole(role));
    }
}
