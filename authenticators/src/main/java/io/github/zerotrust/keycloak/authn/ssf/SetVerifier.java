package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.zerotrust.keycloak.authn.device.DeviceKeys;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.SecurityEventToken;
import io.github.zerotrust.keycloak.ssf.SetError;
import io.github.zerotrust.keycloak.ssf.SetRefused;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.AsymmetricSignatureVerifierContext;
import org.keycloak.crypto.ECDSASignatureVerifierContext;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;

/**
 * Verifies a pushed SET the way {@code PostureTokenVerifier} verifies a posture token: Keycloak's {@link JWSInput} and
 * verifiers, the key chosen by {@code kid} among the transmitter's, and {@link DeviceKeys} deciding whether it is strong
 * enough. The order matters: header, issuer, signature, then the claims, and only then ({@link #firstSight}) the
 * {@code jti}, so a forged SET never uses up the {@code jti} of a real one.
 */
final class SetVerifier {

    private static final String JTI_PREFIX = "zt.ssf.jti.";

    private SetVerifier() {
    }

    static SecurityEventToken verify(KeycloakSession session, String realmId, TransmitterSettings transmitter, String token,
                                     Clock clock) throws SetRefused {
        JWSInput jws;
        Map<String, Object> claims;
        try {
            jws = new JWSInput(token);
            claims = JsonFormat.lenient().readValue(jws.getContent(), new TypeReference<Map<String, Object>>() { });
        } catch (Exception malformed) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the body is not a signed JWT");
        }
        JWSHeader header = jws.getHeader();
        if (header == null || claims == null) {
            throw new SetRefused(SetError.INVALID_REQUEST, "the body is not a signed JWT");
        }
        String rawAlg;
        try {
            rawAlg = header.getRawAlgorithm();
        } catch (RuntimeException none) {
            rawAlg = null;
        }
        String alg = SecurityEventToken.checkHeader(header.getType(), rawAlg);
        SecurityEventToken.checkIssuer(claims, transmitter);

        JWK key = TransmitterKeys.find(Outbound.of(session), realmId, transmitter, header.getKeyId(), clock)
                .orElseThrow(() -> new SetRefused(SetError.INVALID_KEY, "no key of the transmitter has the SET's kid"));
        KeyWrapper wrapper;
        try {
            wrapper = DeviceKeys.forAlgorithm(key, alg)
                    .orElseThrow(() -> new SetRefused(SetError.INVALID_KEY, "the transmitter's key cannot sign " + alg
                            + " (RSA keys need 2048 bits or more, EC keys P-256)"));
        } catch (IllegalArgumentException unreadable) {
            throw new SetRefused(SetError.INVALID_KEY, "the transmitter's key is unreadable");
        }
        SignatureVerifierContext verifier = alg.startsWith("ES") ? new ECDSASignatureVerifierContext(wrapper)
                : new AsymmetricSignatureVerifierContext(wrapper);
        boolean verified;
        try {
            verified = verifier.verify(jws.getEncodedSignatureInput().getBytes(StandardCharsets.UTF_8), jws.getSignature());
        } catch (VerificationException | RuntimeException e) {
            verified = false;
        }
        if (!verified) {
            throw new SetRefused(SetError.INVALID_KEY, "the SET's signature does not verify");
        }

        return SecurityEventToken.check(claims, transmitter, clock.instant());
    }

    /**
     * Takes the SET's {@code jti}, once, on every node, for as long as its age could still be accepted; false when it
     * was taken before (a replay, or a redelivery after a lost acknowledgement). Only after {@link #verify} succeeded.
     */
    static boolean firstSight(KeycloakSession session, String realmId, TransmitterSettings transmitter, SecurityEventToken set) {
        long lifespan = transmitter.maxAge().plus(SecurityEventToken.SKEW).toSeconds() + 1;
        return session.singleUseObjects().putIfAbsent(jtiKey(realmId, transmitter, set), lifespan);
    }

    /**
     * Gives the SET's {@code jti} back after its handling failed (Keycloak's single-use store is not rolled back with
     * the transaction), so that the transmitter's next delivery of it is acted on instead of being taken for one already
     * handled: a failure delays a signal, it never loses one.
     */
    static void forget(KeycloakSession session, String realmId, TransmitterSettings transmitter, SecurityEventToken set) {
        session.singleUseObjects().remove(jtiKey(realmId, transmitter, set));
    }

    private static String jtiKey(String realmId, TransmitterSettings transmitter, SecurityEventToken set) {
        return JTI_PREFIX + realmId + "." + transmitter.alias() + "." + set.jti();
    }
}
