package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.config.ConfigMap;
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
        ConfigMap in = ConfigMap.of(attributes);
        return new PostureTokenSettings(in.text(ISSUER).orElse(null), in.text(AUDIENCE, realmName), attributes.get(JWKS),
                Duration.ofSeconds(in.number(MAX_AGE, 300, 1, 3600)),
                Duration.ofSeconds(in.number(DEVICE_KEY_MAX_AGE, 60, 1, 600)));
    }
}
