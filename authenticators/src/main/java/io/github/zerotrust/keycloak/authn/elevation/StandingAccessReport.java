package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * Standing access: who holds a privileged role ({@code zt.elevation.privileged-roles}) that no active elevation
 * explains — the accounts just-in-time access is meant to replace.
 */
final class StandingAccessReport {

    static final int MAX_USERS_PER_ROLE = 1000;

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

    /** One row per (role, user): {@code role}, {@code userId}, {@code username}. */
    List<Map<String, Object>> rows() {
        ElevationSettings settings = ElevationSettings.parse(realm.getAttributes());
        List<Map<String, Object>> report = new ArrayList<>();
        for (RoleRef ref : settings.privilegedRoles()) {
            Optional<RoleModel> role = directory.role(ref);
            if (role.isEmpty()) {
                continue;
            }
            session.users().getRoleMembersStream(realm, role.get(), 0, MAX_USERS_PER_ROLE).forEach(user -> {
                Set<RoleRef> elevated = store.activeElevationsOf(realm.getId(), user.getId()).stream()
                        .map(Elevation::role).collect(Collectors.toSet());
                if (!elevated.contains(ref)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("role", ref.toString());
                    row.put("userId", user.getId());
                    row.put("username", user.getUsername());
                    report.add(row);
                }
            });
        }
        return report;
    }
}
