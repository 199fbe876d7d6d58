package io.github.zerotrust.keycloak.elevation;

import java.util.Locale;
import java.util.Optional;

/**
 * How strongly a user authenticated, in increasing order; used for the step-up an eligibility demands. The ids
 * are the names of the realm's {@code acr.loa.map} levels ({@code mfa}, {@code phr}), so the glue can read a
 * session's level of authentication straight into a strength.
 */
public enum Strength {
    /** A password alone, or no step-up demanded. */
    NONE("none"),
    /** Any second factor. */
    MFA("mfa"),
    /** A FIDO2 security key or passkey that passed the FIDO2 policy. */
    PHISHING_RESISTANT("phr");

    private final String id;

    Strength(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** A stronger authentication also satisfies a weaker demand: phishing-resistant is MFA, not the other way. */
    public boolean satisfies(Strength demanded) {
        return compareTo(demanded) >= 0;
    }

    /** {@code none}, {@code mfa}, {@code phr}; also {@code phishing-resistant} and the enum names, in any case. */
    public static Optional<Strength> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Strength strength : values()) {
            if (strength.id.equals(t) || strength.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
                return Optional.of(strength);
            }
        }
        return Optional.empty();
    }
}
