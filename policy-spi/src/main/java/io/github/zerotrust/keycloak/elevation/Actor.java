package io.github.zerotrust.keycloak.elevation;

import java.util.Objects;
import java.util.Set;

/**
 * A user acting on elevations (asking, approving, denying, cancelling) with the groups that decide what they
 * may do. The glue passes the user's effective groups, including the parents of each group the user is in,
 * since Keycloak's subgroup members inherit their parents' role mappings.
 */
public record Actor(String userId, Set<String> groupIds) {

    public Actor {
        Objects.requireNonNull(userId, "userId");
        groupIds = Set.copyOf(groupIds);
    }

    public static Actor of(String userId, String... groupIds) {
        return new Actor(userId, Set.of(groupIds));
    }
}
