package io.github.zerotrust.keycloak.elevation;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A realm role or a client role, by name. Its text form is stored and configured, so it is stable:
 * {@code realm:<role>} or {@code client:<clientId>:<role>}. Client ids may hold colons (SAML client ids are URLs),
 * so the role name is what follows the last colon, and role names may not hold one. Names are 1 to 255
 * characters (Keycloak's columns), without control characters or surrounding white space.
 *
 * @param clientId empty for a realm role
 */
public record RoleRef(Optional<String> clientId, String name) {

    public static final String REALM_PREFIX = "realm:";
    public static final String CLIENT_PREFIX = "client:";
    public static final int MAX_NAME_LENGTH = 255;

    public RoleRef {
        Objects.requireNonNull(clientId, "clientId");
        if (!isRoleName(name) || clientId.isPresent() && !FreeText.isName(clientId.get(), MAX_NAME_LENGTH)) {
            throw new ElevationException(Refusal.MALFORMED_ROLE, "a role is realm:<role> or client:<clientId>:<role>,"
                    + " names of 1 to " + MAX_NAME_LENGTH + " printable characters, role names without ':'");
        }
    }

    public static RoleRef realm(String name) {
        return new RoleRef(Optional.empty(), name);
    }

    public static RoleRef client(String clientId, String name) {
        return new RoleRef(Optional.of(clientId), name);
    }

    /** The text form; surrounding white space is ignored and the prefix may be in any case. */
    public static Optional<RoleRef> parse(String text) {
        if (text == null || text.length() > 2 * MAX_NAME_LENGTH + 100) {
            return Optional.empty();
        }
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith(REALM_PREFIX)) {
            String name = t.substring(REALM_PREFIX.length());
            return isRoleName(name) ? Optional.of(realm(name)) : Optional.empty();
        }
        if (lower.startsWith(CLIENT_PREFIX)) {
            String rest = t.substring(CLIENT_PREFIX.length());
            int colon = rest.lastIndexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            String clientId = rest.substring(0, colon);
            String name = rest.substring(colon + 1);
            return isRoleName(name) && FreeText.isName(clientId, MAX_NAME_LENGTH)
                    ? Optional.of(client(clientId, name)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Like {@link #parse}, refusing with {@link Refusal#MALFORMED_ROLE}. */
    public static RoleRef of(String text) {
        return parse(text).orElseThrow(() -> new ElevationException(Refusal.MALFORMED_ROLE,
                "a role is realm:<role> or client:<clientId>:<role>"));
    }

    public boolean isClientRole() {
        return clientId.isPresent();
    }

    private static boolean isRoleName(String name) {
        return FreeText.isName(name, MAX_NAME_LENGTH) && name.indexOf(':') < 0;
    }

    @Override
    public String toString() {
        return clientId.map(c -> CLIENT_PREFIX + c + ":" + name).orElse(REALM_PREFIX + name);
    }
}
