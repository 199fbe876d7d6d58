package io.github.zerotrust.keycloak.location;

import java.util.Locale;
import java.util.Optional;

/**
 * An ISO 3166-1 alpha-2 country code, always upper case. {@link #UNKNOWN} is a value of its own
 * so rules can say what happens when we do not know where a sign-in came from.
 *
 * <p>UNKNOWN uses {@code ZZ}, the user-assigned code CLDR uses for "Unknown Region"; no real
 * country will ever get it, so it cannot be confused with one.
 */
public record Country(String isoCode) {

    public static final Country UNKNOWN = new Country("ZZ");

    public Country {
        if (!isTwoUpperCaseLetters(isoCode)) {
            throw new IllegalArgumentException("A country code is two letters A-Z, not '" + isoCode + "'.");
        }
    }

    /** Two ASCII letters in any case; anything else is empty. {@code zz} gives {@link #UNKNOWN}. */
    public static Optional<Country> parse(String code) {
        if (code == null || code.length() != 2) {
            return Optional.empty();
        }
        String upper = code.toUpperCase(Locale.ROOT);
        return isTwoUpperCaseLetters(upper) ? Optional.of(new Country(upper)) : Optional.empty();
    }

    public static Country of(String code) {
        return parse(code).orElseThrow(() ->
                new IllegalArgumentException("A country code is two letters A-Z, not '" + code + "'."));
    }

    public boolean isKnown() {
        return !equals(UNKNOWN);
    }

    private static boolean isTwoUpperCaseLetters(String code) {
        return code != null && code.length() == 2 && isUpperAscii(code.charAt(0)) && isUpperAscii(code.charAt(1));
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** The code, or "unknown" so logs and messages never show a made-up country. */
    @Override
    public String toString() {
        return isKnown() ? isoCode : "unknown";
    }
}
