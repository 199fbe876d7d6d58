package io.github.zerotrust.keycloak.breakglass;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One marked break-glass account as the shell found it. A mark may outlive its user (deleted since): then
 * {@code exists} is false and nothing else is known.
 *
 * @param id              the marked user id
 * @param username        the username; empty when the user no longer exists
 * @param exists          whether the user still exists in the realm
 * @param enabled         whether the account is enabled
 * @param federated       whether it has a user-federation link (LDAP, Kerberos) or an identity-provider link
 * @param credentialTypes its credential types ({@code password}, {@code otp}, {@code webauthn}, ...)
 * @param holdsAdminRole  whether it holds a role that administers the realm (a role of realm-management)
 */
public record EmergencyAccount(String id, Optional<String> username, boolean exists, boolean enabled, boolean federated,
                               Set<String> credentialTypes, boolean holdsAdminRole) {

    /** Keycloak's credential types that are phishing-resistant: passkeys and security keys. */
    public static final Set<String> PHISHING_RESISTANT = Set.of("webauthn-passwordless", "webauthn");

    public static final String GONE = "the user no longer exists: unmark it";
    public static final String DISABLED = "disabled";
    public static final String FEDERATED = "federated: a directory or identity-provider outage locks it out";
    public static final String NO_PHISHING_RESISTANT = "no phishing-resistant credential (passkey or security key)";
    public static final String NO_ADMIN_ROLE = "holds no admin role: it cannot repair the realm";

    public EmergencyAccount {
        Objects.requireNonNull(id, "id");
        username = username == null ? Optional.empty() : username;
        credentialTypes = credentialTypes == null ? Set.of() : Set.copyOf(credentialTypes);
    }

    /** A mark whose user was deleted. */
    public static EmergencyAccount gone(String id) {
        return new EmergencyAccount(id, Optional.empty(), false, false, false, Set.of(), false);
    }

    public boolean phishingResistant() {
        return credentialTypes.stream().anyMatch(PHISHING_RESISTANT::contains);
    }

    /** Whether it would let an admin in during an outage: it exists, is enabled, is not federated, has a passkey or key. */
    public boolean ready() {
        return exists && enabled && !federated && phishingResistant();
    }

    /** What would stop it working or make it less useful, worst first; empty when nothing does. */
    public List<String> warnings() {
        if (!exists) {
            return List.of(GONE);
        }
        List<String> warnings = new ArrayList<>();
        if (!enabled) {
            warnings.add(DISABLED);
        }
        if (federated) {
            warnings.add(FEDERATED);
        }
        if (!phishingResistant()) {
            warnings.add(NO_PHISHING_RESISTANT);
        }
        if (!holdsAdminRole) {
            warnings.add(NO_ADMIN_ROLE);
        }
        return List.copyOf(warnings);
    }

    /** How evidence names it: the username, else the id. */
    public String name() {
        return username.orElse(id);
    }
}
