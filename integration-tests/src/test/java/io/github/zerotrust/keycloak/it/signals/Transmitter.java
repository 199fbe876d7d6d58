package io.github.zerotrust.keycloak.it.signals;

import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.it.harness.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Shared Signals transmitter played by the test: RSA keys of its own (one of 2048 bits, one weak of 1024), its JWKS
 * served on loopback, and SETs built with the JDK's crypto, well-formed or broken in the one way an attack needs.
 */
final class Transmitter implements AutoCloseable {

    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final String issuer;
    private final KeyPair key = rsa(2048);
    private final KeyPair weak = rsa(1024);
    private final HttpServer server;

    Transmitter(String issuer) {
        this.issuer = issuer;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/jwks", exchange -> {
            byte[] body = jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    String jwks() {
        return "{\"keys\":[" + Json.write(jwk(key, "set-key")) + "," + Json.write(jwk(weak, "weak-key")) + "]}";
    }

    /** The claims of a fresh SET of {@code eventType} about {@code subject}, for {@code audience}. */
    Map<String, Object> claims(String audience, String eventType, Map<String, Object> event, Map<String, Object> subject) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", Instant.now().getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sub_id", subject);
        claims.put("events", Map.of(eventType, event));
        return claims;
    }

    static Map<String, Object> email(String address) {
        return Map.of("format", "email", "email", address);
    }

    String sign(Map<String, Object> claims) {
        return signed(key.getPrivate(), header("RS256", "set-key"), claims);
    }

    /** Claims the transmitter's key id, signed with another key. */
    String forged(Map<String, Object> claims) {
        return signed(rsa(2048).getPrivate(), header("RS256", "set-key"), claims);
    }

    String signedWithWeakKey(Map<String, Object> claims) {
        return signed(weak.getPrivate(), header("RS256", "weak-key"), claims);
    }

    String unsigned(Map<String, Object> claims) {
        return part(header("none", "set-key")) + "." + part(claims) + ".";
    }

    /** HS256 with the transmitter's public key as the HMAC secret: the classic algorithm confusion. */
    String hmacWithPublicKey(Map<String, Object> claims) {
        String input = part(header("HS256", "set-key")) + "." + part(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwks().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "secevent+jwt");
        header.put("kid", kid);
        return header;
    }

    private static String signed(PrivateKey privateKey, Map<String, Object> header, Map<String, Object> claims) {
        String input = part(header) + "." + part(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> jwk(KeyPair pair, String kid) {
        RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus())));
        jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent())));
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
