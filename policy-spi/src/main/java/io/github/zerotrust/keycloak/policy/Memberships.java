package io.github.zerotrust.keycloak.policy;

import java.util.Optional;

/**
 * Whether a user belongs to a group or holds a role, asked one name at a time (a realm may have
 * thousands of roles; a rule names a few). The shell answers from Keycloak's model, tests from sets.
 */
public interface Memberships {

    /**
     * @param group a group name (a top-level group) or path ({@code /it/admins}); members of sub-groups count
     * @return empty when the realm has no such group
     */
    Optional<Boolean> inGroup(String group);

    /**
     * @param role a realm role, or a client role as {@code clientId.role}; composite and group roles count
     * @return empty when the realm has no such role
     */
    Optional<Boolean> hasRole(String role);
}
