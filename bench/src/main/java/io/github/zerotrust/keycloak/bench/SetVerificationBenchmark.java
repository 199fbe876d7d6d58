package io.github.zerotrust.keycloak.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.SecurityEventToken;
import io.github.zerotrust.keycloak.ssf.SsfEvents;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What verifying one pushed SET costs without Keycloak around it, so the push driver's figures can be split into the
 * receiver's own share and the HTTP/Keycloak share: the core's parsing and rule checks ({@link SecurityEventToken},
 * {@link SsfEvents}), the transmitter's key read from its static JWKS, and the RS256 signature (2048-bit key) checked
 * with the JDK's crypto, which is what Keycloak's {@code AsymmetricSignatureVerifierContext} calls too. Not in here:
 * the bearer secret, the replay store, the user lookup, the event, the HTTP request.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SetVerificationBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ISSUER = "https://transmitter.example.test";
    private static final String AUDIENCE = "https://receiver.example.test/ssf";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final int TOKENS = 1024;

    private TransmitterSettings transmitter;
    private String[] tokens;
    private PublicKey publicKey;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        publicKey = key.getPublic();
        RSAPublicKey rsa = (RSAPublicKey) key.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", "set-key");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", B64.encodeToString(unsigned(rsa.getModulus())));
        jwk.put("e", B64.encodeToString(unsigned(rsa.getPublicExponent())));
        String jwks = JsonFormat.strict().writeValueAsString(Map.of("keys", List.of(jwk)));
        transmitter = new TransmitterSettings("bench", ISSUER, null, jwks, AUDIENCE, Duration.ofMinutes(10),
                SsfEvents.MAPPED_TRIGGERS, "0".repeat(64), null);
        // Half CAEP session-revoked, half RISC credential-compromise, each with its own jti and address.
        tokens = new String[TOKENS];
        for (int i = 0; i < TOKENS; i++) {
            String type = i % 2 == 0 ? SsfEvents.CAEP + "session-revoked" : SsfEvents.RISC + "credential-compromise";
            Map<String, Object> event = i % 2 == 0 ? Map.of("event_timestamp", NOW.getEpochSecond(), "initiating_entity", "policy")
                    : Map.of();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iss", ISSUER);
            claims.put("aud", AUDIENCE);
            claims.put("iat", NOW.minusSeconds(5).getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("sub_id", Map.of("format", "email", "email", "user-" + i + "@example.test"));
            claims.put("events", Map.of(type, event));
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", "RS256");
            header.put("typ", "secevent+jwt");
            header.put("kid", "set-key");
            String input = part(header) + "." + part(claims);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            tokens[i] = input + "." + B64.encodeToString(signature.sign());
        }
        // Every token must pass, or the benchmark would measure refusals.
        for (String token : tokens) {
            if (!verifySet(token).kind().equals(SsfEvents.Kind.MAPPED)) {
                throw new IllegalStateException("a bench SET is not mapped");
            }
        }
    }

    private String token() {
        next = (next + 1) & (TOKENS - 1);
        return tokens[next];
    }

    /** The core's share: split, decode and read header and claims, then the header, issuer and claim rules, the meaning. */
    @Benchmark
    public SsfEvents.Meaning parseAndCheck() throws Exception {
        return checked(token());
    }

    /** The transmitter's key read from its static JWKS, as on every push (the static JWKS is not cached). */
    @Benchmark
    public PublicKey keyFromStaticJwks() throws Exception {
        return key(transmitter.staticJwks().orElseThrow());
    }

    /** The RS256 signature of one SET (2048-bit key), with the JDK's crypto. */
    @Benchmark
    public boolean verifySignature() throws Exception {
        String token = token();
        int second = token.lastIndexOf('.');
        return signatureVerifies(token, second, publicKey);
    }

    /** All of the above, in the receiver's order: header and issuer, key, signature, claims. */
    @Benchmark
    public SsfEvents.Meaning verifySet() throws Exception {
        return verifySet(token());
    }

    private SsfEvents.Meaning verifySet(String token) throws Exception {
        int second = token.lastIndexOf('.');
        Read read = read(token);
        if (!signatureVerifies(token, second, key(transmitter.staticJwks().orElseThrow()))) {
            throw new IllegalStateException("the signature does not verify");
        }
        return meaning(read.claims());
    }

    private SsfEvents.Meaning checked(String token) throws Exception {
        return meaning(read(token).claims());
    }

    private record Read(Map<String, Object> header, Map<String, Object> claims) {
    }

    /** Header and claims read, header and issuer checked: what comes before the key is looked up. */
    private Read read(String token) throws Exception {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        Map<String, Object> header = JsonFormat.lenient().readValue(B64D.decode(token.substring(0, first)), MAP);
        Map<String, Object> claims = JsonFormat.lenient().readValue(B64D.decode(token.substring(first + 1, second)), MAP);
        SecurityEventToken.checkHeader((String) header.get("typ"), (String) header.get("alg"));
        SecurityEventToken.checkIssuer(claims, transmitter);
        return new Read(header, claims);
    }

    /** The claim rules after the signature, then what the event means here. */
    private SsfEvents.Meaning meaning(Map<String, Object> claims) throws Exception {
        SecurityEventToken set = SecurityEventToken.check(claims, transmitter, NOW);
        return SsfEvents.meaning(set.eventType(), set.event());
    }

    private static boolean signatureVerifies(String token, int lastDot, PublicKey key) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(key);
        signature.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(B64D.decode(token.substring(lastDot + 1)));
    }

    private static PublicKey key(String jwks) throws Exception {
        JsonNode jwk = JsonFormat.lenient().readTree(jwks).path("keys").get(0);
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, B64D.decode(jwk.path("n").asText())), new BigInteger(1, B64D.decode(jwk.path("e").asText()))));
    }

    private static String part(Map<String, Object> json) throws Exception {
        return B64.encodeToString(JsonFormat.strict().writeValueAsBytes(json));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
