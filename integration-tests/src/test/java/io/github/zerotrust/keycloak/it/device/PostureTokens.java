package io.github.zerotrust.keycloak.it.device;

import io.github.zerotrust.keycloak.it.harness.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device agent's signing key, as the tests need one: posture JWTs built with the JDK's own crypto
 * (RS256 or ES256), and the public JWK the realm or the device registry is given.
 */
final class PostureTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String kid;
    private final String alg;

    private PostureTokens(KeyPair keys, String kid, String alg) {
        this.keys = keys;
        this.kid = kid;
        this.alg = alg;
    }

    static PostureTokens rsa(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new PostureTokens(generator.generateKeyPair(), kid, "RS256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PostureTokens ec(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new PostureTokens(generator.generateKeyPair(), kid, "ES256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK, as JSON. */
    String publicJwk() {
        Map<String, Object> jwk = new LinkedHashMap<>();
        if (keys.getPublic() instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus(), 0)));
            jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
        } else {
            ECPublicKey ec = (ECPublicKey) keys.getPublic();
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", B64.encodeToString(unsigned(ec.getW().getAffineX(), 32)));
            jwk.put("y", B64.encodeToString(unsigned(ec.getW().getAffineY(), 32)));
        }
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", alg);
        return Json.write(jwk);
    }

    String jwks() {
        return "{\"keys\":[" + publicJwk() + "]}";
    }

    /** A JWT with these claims, signed with this key; a fresh {@code jti} unless the claims name one, as an issuer mints each token once. */
    String sign(Map<String, Object> claims) {
        Map<String, Object> unique = new java.util.HashMap<>(claims);
        unique.putIfAbsent("jti", java.util.UUID.randomUUID().toString());
        return signWith(keys.getPrivate(), Map.of("alg", alg, "kid", kid, "typ", "JWT"), unique);
    }

    /** A JWT that claims to come from this key (its {@code kid}) but is signed with {@code other}'s key. */
    String forgeWith(PostureTokens other, Map<String, Object> claims) {
        Map<String, Object> unique = new java.util.HashMap<>(claims);
        unique.putIfAbsent("jti", java.util.UUID.randomUUID().toString());
        return signWith(other.keys.getPrivate(), Map.of("alg", alg, "kid", kid, "typ", "JWT"), unique);
    }

    /** An unsigned JWT ({@code alg: none}) naming this key. */
    String unsigned(Map<String, Object> claims) {
        return part(Map.of("alg", "none", "kid", kid, "typ", "JWT")) + "." + part(claims) + ".";
    }

    private String signWith(PrivateKey key, Map<String, Object> header, Map<String, Object> claims) {
        String input = part(header) + "." + part(claims);
        try {
            Signature signature = Signature.getInstance(alg.equals("ES256") ? "SHA256withECDSA" : "SHA256withRSA");
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            byte[] der = signature.sign();
            return input + "." + B64.encodeToString(alg.equals("ES256") ? joseSignature(der) : der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    // JWS wants the raw r || s (32 bytes each), the JDK gives DER: SEQUENCE { INTEGER r, INTEGER s }.
    private static byte[] joseSignature(byte[] der) {
        int offset = der[1] == (byte) 0x81 ? 3 : 2;
        int rLength = der[offset + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, offset + 2, offset + 2 + rLength));
        int sOffset = offset + 2 + rLength;
        int sLength = der[sOffset + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, sOffset + 2, sOffset + 2 + sLength));
        byte[] raw = new byte[64];
        System.arraycopy(unsigned(r, 32), 0, raw, 0, 32);
        System.arraycopy(unsigned(s, 32), 0, raw, 32, 32);
        return raw;
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (length == 0 || bytes.length == length) {
            return bytes;
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }
}
