package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** The realm's users, groups and roles as the elevation rules name them: roles by {@link RoleRef}, users as {@link Actor}s. */
final class Directory {

    private final KeycloakSession session;
    private final RealmModel realm;

    Directory(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The user with every group they belong to, parents included: eligibilities and approver groups name any. */
    static Actor actor(UserModel user) {
        Set<String> groups = new HashSet<>();
        user.getGroupsStream().forEach(g -> {
            for (GroupModel at = g; at != null; at = at.getParent()) {
                groups.add(at.getId());
            }
        });
        return new Actor(user.getId(), groups);
    }

    Optional<RoleModel> role(RoleRef ref) {
        if (ref.clientId().isEmpty()) {
            return Optional.ofNullable(realm.getRole(ref.name()));
        }
        ClientModel client = realm.getClientByClientId(ref.clientId().get());
        return client == null ? Optional.empty() : Optional.ofNullable(client.getRole(ref.name()));
    }

    /** The text form of a Keycloak role. */
    static RoleRef ref(RoleModel role) {
        return role.isClientRole() && role.getContainer() instanceof ClientModel client
                ? RoleRef.client(client.getClientId(), role.getName()) : RoleRef.realm(role.getName());
    }

    Optional<UserModel> user(String id) {
        return Optional.ofNullable(session.users().getUserById(realm, id));
    }
}
