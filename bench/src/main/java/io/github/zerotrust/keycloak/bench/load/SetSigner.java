package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Shared Signals transmitter the SET drivers play: one RS256 key of 2048 bits, given to the receiver as a static
 * JWKS, and SETs built and signed with the JDK's crypto the way a real transmitter sends them (RFC 8417: {@code typ}
 * {@code secevent+jwt}, one event, a fresh {@code jti}, the subject as an RFC 9493 {@code email} identifier).
 */
final class SetSigner {

    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    static final String SESSION_REVOKED = CAEP + "session-revoked";
    static final String CREDENTIAL_COMPROMISE = RISC + "credential-compromise";
    static final String KEY_ID = "bench-set-key";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final String issuer;
    final String audience;
    private final KeyPair key;

    SetSigner(String issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body of the admin's PUT: this issuer, its key as a static JWKS, the audience; every trigger allowed. */
    Map<String, Object> transmitterSettings() {
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", KEY_ID);
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus())));
        jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent())));
        return Map.of("issuer", issuer, "jwks", Map.of("keys", List.of(jwk)), "audience", audience);
    }

    /** A fresh SET of {@code eventType} about the user with address {@code email}, signed now. */
    String sign(String eventType, String email) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (eventType.startsWith(CAEP)) {
            event.put("event_timestamp", Instant.now().getEpochSecond());
            event.put("initiating_entity", "policy");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sub_id", Map.of("format", "email", "email", email));
        claims.put("events", Map.of(eventType, event));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "secevent+jwt");
        header.put("kid", KEY_ID);
        String input = part(header) + "." + part(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, Object> json) {
        try {
            return B64.encodeToString(Workers.JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
