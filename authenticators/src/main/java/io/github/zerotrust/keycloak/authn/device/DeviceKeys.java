package io.github.zerotrust.keycloak.authn.device;

import java.io.IOException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKParser;
import org.keycloak.util.JsonSerialization;

/**
 * Public keys that may sign posture tokens (and Shared Signals SETs), read with Keycloak's own JOSE classes: the one
 * place that decides which keys are strong enough (RSA of 2048 bits or more, EC on P-256).
 */
public final class DeviceKeys {

    private DeviceKeys() {
    }

    /** One public JWK; a private part ({@code d}), another key type or an unreadable key is refused. */
    static JWK parsePublic(String json) {
        JWK jwk;
        try {
            jwk = JsonSerialization.readValue(json, JWK.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not JSON");
        }
        check(jwk);
        return jwk;
    }

    /** The keys of a JWKS; unusable keys are skipped. */
    public static List<JWK> parseSet(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JSONWebKeySet set;
        try {
            set = JsonSerialization.readValue(json, JSONWebKeySet.class);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the key set is not a JWKS");
        }
        if (set == null) {
            // The text "null" reads as no object at all.
            throw new IllegalArgumentException("the key set is not a JWKS");
        }
        List<JWK> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys() == null ? new JWK[0] : set.getKeys()) {
            try {
                check(jwk);
                keys.add(jwk);
            } catch (IllegalArgumentException unusable) {
                // A key of another type (an HMAC secret, say) is never usable for posture tokens.
            }
        }
        return keys;
    }

    private static void check(JWK jwk) {
        if (jwk == null || jwk.getKeyType() == null) {
            throw new IllegalArgumentException("no kty");
        }
        if (jwk.getOtherClaims().containsKey("d")) {
            throw new IllegalArgumentException("a private key");
        }
        if (!("RSA".equals(jwk.getKeyType()) || "EC".equals(jwk.getKeyType()))) {
            throw new IllegalArgumentException("key type " + jwk.getKeyType());
        }
        publicKey(jwk);
    }

    public static PublicKey publicKey(JWK jwk) {
        try {
            PublicKey key = JWKParser.create(jwk).toPublicKey();
            if (key == null) {
                throw new IllegalArgumentException("unreadable key");
            }
            return key;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable key");
        }
    }

    /** The key as Keycloak's verifiers want it, for {@code alg}; empty when the key cannot do {@code alg}. */
    public static java.util.Optional<KeyWrapper> forAlgorithm(JWK jwk, String alg) {
        PublicKey key = publicKey(jwk);
        boolean fits = alg.startsWith("ES") ? key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                : key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
        if (!fits) {
            return java.util.Optional.empty();
        }
        KeyWrapper wrapper = new KeyWrapper();
        wrapper.setKid(jwk.getKeyId());
        wrapper.setAlgorithm(alg);
        wrapper.setType(jwk.getKeyType());
        wrapper.setPublicKey(key);
        return java.util.Optional.of(wrapper);
    }
}
