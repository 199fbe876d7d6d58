package io.github.zerotrust.keycloak.authn.device;

import java.time.Duration;
import java.util.Map;

/**
 * Who may sign posture tokens for a realm, from its {@code zt.device.token.*} attributes.
 *
 * @param issuer         the {@code iss} of tokens signed with the key set; none: only device-signed tokens
 * @param audience       the {@code aud} every posture token must carry; default the realm's name
 * @param jwks           the issuer's public keys (a JWKS document)
 * @param maxAge         how old ({@code iat}) an issuer-signed token may be
 * @param deviceKeyMaxAge how old a token signed by the device's own key may be: short, since it proves the device is present
 */
record PostureTokenSettings(String issuer, String audience, String jwks, Duration maxAge, Duration deviceKeyMaxAge) {

    static final String ISSUER = "zt.device.token.issuer";
    static final String AUDIENCE = "zt.device.token.audience";
    static final String JWKS = "zt.device.token.jwks";
    static final String MAX_AGE = "zt.device.token.max-age-seconds";
    static final String DEVICE_KEY_MAX_AGE = "zt.device.token.device-key-max-age-seconds";

    static PostureTokenSettings of(String realmName, Map<String, String> attributes) {
        return new PostureTokenSettings(blankToNull(attributes.get(ISSUER)),
                attributes.getOrDefault(AUDIENCE, realmName).isBlank() ? realmName : attributes.getOrDefault(AUDIENCE, realmName).strip(),
                attributes.get(JWKS),
                Duration.ofSeconds(seconds(attributes.get(MAX_AGE), 300, 3600)),
                Duration.ofSeconds(seconds(attributes.get(DEVICE_KEY_MAX_AGE), 60, 600)));
    }

    private static long seconds(String text, long fallback, long max) {
        try {
            return text == null || text.isBlank() ? fallback : Math.max(1, Math.min(max, Long.parseLong(text.strip())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
