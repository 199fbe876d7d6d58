package io.github.zerotrust.keycloak.authn.audience;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.RoleUtils;

/**
 * Whom and which apps a rule is for, as in a Conditional Access policy: members of any listed group
 * (sub-groups included), holders of any listed role (composites and group roles included), signing
 * in to any listed app. A list left empty does not narrow; lists that are set must all hold.
 *
 * @param groups  group names or paths ({@code admins}, {@code /it/admins})
 * @param roles   realm roles, or client roles as {@code clientId.role}
 * @param clients client ids
 */
public record AppliesTo(List<String> groups, List<String> roles, List<String> clients) {

    public static final String GROUPS = "zt.applies-to.groups";
    public static final String ROLES = "zt.applies-to.roles";
    public static final String CLIENTS = "zt.applies-to.clients";

    public AppliesTo {
        groups = List.copyOf(groups);
        roles = List.copyOf(roles);
        clients = List.copyOf(clients);
    }

    public static AppliesTo read(Map<String, String> config) {
        return new AppliesTo(ConfigValues.list(config, GROUPS), ConfigValues.list(config, ROLES),
                ConfigValues.list(config, CLIENTS));
    }

    public boolean everyone() {
        return groups.isEmpty() && roles.isEmpty() && clients.isEmpty();
    }

    public boolean needsUser() {
        return !groups.isEmpty() || !roles.isEmpty();
    }

    /**
     * Why the rule applies to this user and app ("group /admins, app hr-portal"), or empty when it
     * does not. A group or role that does not exist matches nobody and is named in {@code unknown}.
     */
    public Optional<String> match(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client,
                                  List<String> unknown) {
        List<String> why = new ArrayList<>(3);
        if (!groups.isEmpty()) {
            Optional<String> group = groups.stream().filter(g -> inGroup(session, realm, user, g, unknown)).findFirst();
            if (group.isEmpty()) {
                return Optional.empty();
            }
            why.add("group " + group.get());
        }
        if (!roles.isEmpty()) {
            Optional<String> role = roles.stream().filter(r -> hasRole(session, realm, user, r, unknown)).findFirst();
            if (role.isEmpty()) {
                return Optional.empty();
            }
            why.add("role " + role.get());
        }
        if (!clients.isEmpty()) {
            if (client == null || !clients.contains(client.getClientId())) {
                return Optional.empty();
            }
            why.add("app " + client.getClientId());
        }
        return Optional.of(why.isEmpty() ? "everyone" : String.join(", ", why));
    }

    private static boolean inGroup(KeycloakSession session, RealmModel realm, UserModel user, String name, List<String> unknown) {
        GroupModel group = name.startsWith("/") ? KeycloakModelUtils.findGroupByPath(session, realm, name)
                : session.groups().getGroupByName(realm, null, name);
        if (group == null) {
            unknown.add("group " + name);
            return false;
        }
        return RoleUtils.isMember(user.getGroupsStream(), group);
    }

    private static boolean hasRole(KeycloakSession session, RealmModel realm, UserModel user, String name, List<String> unknown) {
        RoleModel role = KeycloakModelUtils.getRoleFromString(session, realm, name);
        if (role == null) {
            unknown.add("role " + name);
            return false;
        }
        return user.hasRole(role);
    }
}
