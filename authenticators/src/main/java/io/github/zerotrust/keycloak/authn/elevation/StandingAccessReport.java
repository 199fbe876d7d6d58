package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * Standing access: who holds a privileged role ({@code zt.elevation.privileged-roles}) that no active elevation
 * explains — the accounts just-in-time access is meant to replace. A role is held directly, through a group (its
 * subgroups' members inherit it), or through a composite role that contains it (at any depth), and each way is a row:
 * {@code via} is {@code direct}, {@code group:<path>} or {@code composite:<role>}.
 */
final class StandingAccessReport {

    static final int MAX_USERS_PER_ROLE = 1000;
    /** Roles looked at for composites that contain a privileged one; a realm with more is reported on the first ones. */
    static final int MAX_ROLES_SCANNED = 10_000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ElevationStore store;
    private final Directory directory;

    StandingAccessReport(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new ElevationStore(session);
        this.directory = new Directory(session, realm);
    }

    /** One row per (role, user, way): {@code role}, {@code userId}, {@code username}, {@code via}. */
    List<Map<String, Object>> rows() {
        return rows(ElevationSettings.parse(realm.getAttributes()).privilegedRoles());
    }

    /** The same rows for {@code roles} (the maturity assessment adds the realm's admin role). */
    List<Map<String, Object>> rows(Set<RoleRef> roles) {
        List<Map<String, Object>> report = new ArrayList<>();
        for (RoleRef ref : roles) {
            Optional<RoleModel> privileged = directory.role(ref);
            if (privileged.isEmpty()) {
                continue;
            }
            for (RoleModel holder : holders(privileged.get())) {
                String composite = holder.getId().equals(privileged.get().getId()) ? null : "composite:" + Directory.ref(holder);
                session.users().getRoleMembersStream(realm, holder, 0, MAX_USERS_PER_ROLE)
                        .filter(user -> composite != null || !elevated(user, ref))
                        .forEach(user -> report.add(row(ref, user, composite == null ? "direct" : composite)));
                session.groups().getGroupsByRoleStream(realm, holder, 0, MAX_USERS_PER_ROLE).forEach(group ->
                        withSubgroups(group).forEach(g -> session.users().getGroupMembersStream(realm, g, 0, MAX_USERS_PER_ROLE)
                                .forEach(user -> report.add(row(ref, user, "group:" + path(group)
                                        + (composite == null ? "" : " " + composite))))));
            }
        }
        return report;
    }

    /** The role and every composite role of the realm and its clients that contains it. */
    private List<RoleModel> holders(RoleModel privileged) {
        Set<RoleModel> holders = new LinkedHashSet<>();
        holders.add(privileged);
        Stream.concat(realm.getRolesStream(), realm.getClientsStream().flatMap(c -> c.getRolesStream()))
                .limit(MAX_ROLES_SCANNED)
                .filter(r -> r.isComposite() && !r.getId().equals(privileged.getId()) && r.hasRole(privileged))
                .forEach(holders::add);
        return List.copyOf(holders);
    }

    private boolean elevated(UserModel user, RoleRef ref) {
        return store.activeElevationsOf(realm.getId(), user.getId()).stream().map(Elevation::role)
                .collect(Collectors.toSet()).contains(ref);
    }

    private static Stream<GroupModel> withSubgroups(GroupModel group) {
        return Stream.concat(Stream.of(group), group.getSubGroupsStream().flatMap(StandingAccessReport::withSubgroups));
    }

    private static String path(GroupModel group) {
        return group.getParent() == null ? "/" + group.getName() : path(group.getParent()) + "/" + group.getName();
    }

    private static Map<String, Object> row(RoleRef role, UserModel user, String via) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("role", role.toString());
        row.put("userId", user.getId());
        row.put("username", user.getUsername());
        row.put("via", via);
        return row;
    }
}
