package io.github.zerotrust.keycloak.fido;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The Authenticator Attestation GUID: which make and model of authenticator a credential claims to
 * be. {@link #NONE} (all zeros) is what authenticators send when they do not say, and what browsers
 * substitute when attestation is not requested.
 */
public record Aaguid(UUID uuid) {

    public static final Aaguid NONE = new Aaguid(new UUID(0, 0));
    /**
     * Stands in an allow list that was configured but could not be read, so that it allows nothing
     * (fail closed) instead of shrinking to "empty = any model". No authenticator carries it.
     */
    public static final Aaguid NOTHING = new Aaguid(new UUID(-1L, -1L));

    private static final int[] DASHES = {8, 13, 18, 23};

    public Aaguid {
        Objects.requireNonNull(uuid, "uuid");
    }

    /**
     * The 8-4-4-4-12 hexadecimal form in any case, surrounding spaces ignored. Anything else is
     * empty: {@link UUID#fromString} would accept short groups such as {@code 1-2-3-4-5}, which no
     * authenticator sends and which an admin most likely mistyped.
     */
    public static Optional<Aaguid> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        if (t.length() != 36) {
            return Optional.empty();
        }
        for (int i = 0, dash = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (dash < DASHES.length && i == DASHES[dash]) {
                if (c != '-') {
                    return Optional.empty();
                }
                dash++;
            } else if (Character.digit(c, 16) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new Aaguid(UUID.fromString(t)));
    }

    public static Aaguid of(String text) {
        return parse(text).orElseThrow(() ->
                new IllegalArgumentException("An AAGUID is 8-4-4-4-12 hexadecimal digits, not '" + text + "'."));
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /** Lower case, as the FIDO Metadata Service writes it. */
    @Override
    public String toString() {
        return uuid.toString();
    }
}
