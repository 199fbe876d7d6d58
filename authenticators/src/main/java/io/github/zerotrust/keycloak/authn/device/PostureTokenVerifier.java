package io.github.zerotrust.keycloak.authn.device;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureClaims;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.AsymmetricSignatureVerifierContext;
import org.keycloak.crypto.ECDSASignatureVerifierContext;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureVerifierContext;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jws.Algorithm;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;

/**
 * Verifies a posture token with Keycloak's JOSE classes ({@link JWSInput}, {@code org.keycloak.crypto}):
 * signed by the realm's posture issuer (its JWKS in {@code zt.device.token.jwks}, matched by {@code kid}),
 * or by the device's own key enrolled in the registry (a device-bound proof a copied cookie cannot make,
 * with a shorter maximum age). RS256, ES256 and PS256 only; {@code none} and HMAC are refused. Every
 * refusal is a {@link DevicePostureUnavailable} that is never failed open.
 */
final class PostureTokenVerifier {

    static final Set<String> ALGORITHMS = Set.of("RS256", "ES256", "PS256");
    private static final Duration SKEW = Duration.ofSeconds(60);
    /** The longest a token passed in the URL parameter {@code device_posture} may have been issued before. */
    static final Duration URL_MAX_AGE = Duration.ofSeconds(120);
    private static final String JTI_PREFIX = "zt.posture-token.";

    private final int maxBytes;
    private final Clock clock;

    PostureTokenVerifier(int maxBytes, Clock clock) {
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** Claims, in order of preference, that name the user an issuer's posture token was issued for. */
    static final List<String> USER_CLAIMS = List.of("upn", "preferred_username", "email");

    /**
     * An issuer's token speaks for one device of one user: it must name the user signing in (so a token
     * seen by someone else cannot be replayed for their own sign-in within its maximum age), and a device
     * registered to another user is not theirs. A device-signed token is bound through the device's owner.
     */
    private static void requireUser(KeycloakSession session, DeviceQuery query, Map<String, Object> claims, Posture posture)
            throws DevicePostureUnavailable {
        Optional<String> named = USER_CLAIMS.stream().map(c -> text(claims.get(c))).flatMap(Optional::stream).findFirst();
        if (named.isEmpty()) {
            throw refused("the posture token names no user (upn, preferred_username or email)");
        }
        // An e-mail address names the user only once verified: anyone may type someone else's into a profile.
        if (query.user() == null || !(named.get().equalsIgnoreCase(query.user().getUsername())
                || query.user().isEmailVerified() && query.user().getEmail() != null
                && named.get().equalsIgnoreCase(query.user().getEmail()))) {
            throw refused("the posture token is for another user");
        }
        Optional<String> deviceId = posture.deviceId();
        if (deviceId.isPresent()) {
            Optional<DeviceEntity> registered = new DeviceStore(session).find(query.realm().getId(), deviceId.get());
            if (registered.isPresent() && registered.get().getOwnerId() != null
                    && !registered.get().getOwnerId().equals(query.user().getId())) {
                throw refused("the posture token names another user's device");
            }
            if (registered.isPresent() && DeviceState.of(registered.get().getState()) == DeviceState.RETIRED) {
                throw refused("the posture token names a device retired in the registry");
            }
        }
    }

    /** A verified token: its posture, and the device id when the device's own enrolled key signed it. */
    record Verified(Posture posture, Optional<String> deviceBound) {
    }

    Posture verify(KeycloakSession session, DeviceQuery query, String token) throws DevicePostureUnavailable {
        return check(session, query, token, false).orElseThrow().posture();
    }

    /**
     * The device this token proves the sign-in comes from: one signed by the device's enrolled key (checked
     * like any posture token, and used up). Empty when the token is the posture issuer's, which proves no
     * possession; a device-signed token that does not verify is a refusal.
     */
    Optional<String> deviceProof(KeycloakSession session, DeviceQuery query, String token) throws DevicePostureUnavailable {
        return check(session, query, token, true).flatMap(Verified::deviceBound);
    }

    private Optional<Verified> check(KeycloakSession session, DeviceQuery query, String token, boolean proofOnly)
            throws DevicePostureUnavailable {
        Unverified unverified = unverified(token, maxBytes);
        JWSInput jws = unverified.jws();
        Map<String, Object> claims = unverified.claims();
        String alg = unverified.alg();
        PostureTokenSettings settings = PostureTokenSettings.of(query.realm().getName(), query.realm().getAttributes());
        String kid = jws.getHeader().getKeyId();

        Optional<JWK> issuerKey;
        try {
            issuerKey = DeviceKeys.parseSet(settings.jwks()).stream()
                    .filter(k -> kid == null ? true : kid.equals(k.getKeyId())).findFirst();
        } catch (IllegalArgumentException unreadable) {
            throw new DevicePostureUnavailable("the realm's posture key set is unreadable", false);
        }
        Duration maxAge;
        JWK key;
        Optional<String> deviceBound = Optional.empty();
        if (issuerKey.isPresent() && settings.issuer() != null) {
            if (proofOnly) {
                return Optional.empty();
            }
            key = issuerKey.get();
            maxAge = settings.maxAge();
            if (!settings.issuer().equals(claims.get("iss"))) {
                throw refused("the posture token's issuer is not the realm's posture issuer");
            }
        } else {
            // Not the issuer's: it may be signed by the device itself, with the key enrolled in the registry.
            String deviceId = text(claims.get(PostureClaims.DEVICE_ID)).or(() -> text(claims.get(PostureClaims.SUBJECT)))
                    .orElseThrow(() -> refused("no key known for the posture token"));
            DeviceEntity device = new DeviceStore(session).find(query.realm().getId(), deviceId)
                    .filter(d -> d.getPublicKey() != null && query.user() != null && query.user().getId().equals(d.getOwnerId())
                            && DeviceState.of(d.getState()) != DeviceState.RETIRED)
                    .orElseThrow(() -> refused("no key known for the posture token"));
            try {
                key = DeviceKeys.parsePublic(device.getPublicKey());
            } catch (IllegalArgumentException unreadable) {
                throw refused("the device's enrolled key is unreadable");
            }
            maxAge = settings.deviceKeyMaxAge();
            deviceBound = Optional.of(deviceId);
        }
        if (query.tokenFromUrl() && maxAge.compareTo(URL_MAX_AGE) > 0) {
            // A URL ends up in browser history, proxy logs and Referer headers: a token there lives minutes at most.
            maxAge = URL_MAX_AGE;
        }

        KeyWrapper wrapper = DeviceKeys.forAlgorithm(key, alg)
                .orElseThrow(() -> refused("the posture token's key cannot sign " + alg));
        SignatureVerifierContext verifier = alg.startsWith("ES") ? new ECDSASignatureVerifierContext(wrapper)
                : new AsymmetricSignatureVerifierContext(wrapper);
        try {
            if (!verifier.verify(jws.getEncodedSignatureInput().getBytes(StandardCharsets.UTF_8), jws.getSignature())) {
                throw refused("the posture token's signature does not verify");
            }
        } catch (VerificationException e) {
            throw refused("the posture token's signature does not verify");
        }

        Instant now = clock.instant();
        Instant exp = seconds(claims.get("exp")).orElseThrow(() -> refused("the posture token has no expiry"));
        if (!exp.isAfter(now.minus(SKEW))) {
            throw refused("the posture token has expired");
        }
        Instant iat = seconds(claims.get("iat")).orElseThrow(() -> refused("the posture token has no issue time"));
        if (iat.isAfter(now.plus(SKEW)) || Duration.between(iat, now).compareTo(maxAge) > 0) {
            throw refused("the posture token is older than " + maxAge.toSeconds() + " seconds");
        }
        if (!audienceHas(claims.get("aud"), settings.audience())) {
            throw refused("the posture token is not for this realm (audience)");
        }
        Posture posture = PostureClaims.posture(claims);
        if (deviceBound.isPresent() && !posture.deviceId().equals(deviceBound)) {
            throw refused("the posture token names another device");
        }
        if (deviceBound.isEmpty()) {
            requireUser(session, query, claims, posture);
        }
        useUp(session, query, claims, iat.plus(maxAge).plus(SKEW), now);
        return Optional.of(new Verified(posture, deviceBound));
    }

    /** A token as read before any key is looked up or any signature checked: an allowed algorithm and claims. */
    record Unverified(JWSInput jws, String alg, Map<String, Object> claims) {
    }

    /**
     * Keycloak-free: the size limit, the JWS's three parts, its header's algorithm and its claims object, before
     * anything else. Whatever is wrong is the verifier's refusal.
     */
    static Unverified unverified(String token, int maxBytes) throws DevicePostureUnavailable {
        if (token.length() > maxBytes) {
            throw refused("the posture token is larger than " + maxBytes + " bytes");
        }
        JWSInput jws;
        Map<String, Object> claims;
        try {
            jws = new JWSInput(token);
            claims = jws.readJsonContent(new TypeReference<Map<String, Object>>() { });
        } catch (JWSInputException | RuntimeException malformed) {
            throw refused("the posture token is not a signed JWT");
        }
        // A header without "alg" (or a JSON null for the header) reads as null, where getRawAlgorithm() would throw.
        Algorithm algorithm = jws.getHeader() == null ? null : jws.getHeader().getAlgorithm();
        String alg = algorithm == null ? null : algorithm.name();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw refused("posture token algorithm " + (alg == null ? "missing" : abbreviated(alg)) + " is not allowed");
        }
        if (claims == null) {
            throw refused("the posture token has no claims");
        }
        return new Unverified(jws, alg, claims);
    }

    /**
     * A posture token counts once, on every node: its {@code jti} is kept in Keycloak's cluster-wide single-use
     * store until the token could no longer be accepted anyway, so a copied token is refused the second time.
     */
    private static void useUp(KeycloakSession session, DeviceQuery query, Map<String, Object> claims, Instant acceptableUntil,
                              Instant now) throws DevicePostureUnavailable {
        String jti = text(claims.get("jti")).orElseThrow(() -> refused("the posture token has no jti"));
        long lifespan = Math.max(1, Duration.between(now, acceptableUntil).toSeconds());
        if (!session.singleUseObjects().putIfAbsent(JTI_PREFIX + query.realm().getId() + "." + jti, lifespan)) {
            throw refused("the posture token was already used (replay)");
        }
    }

    private static boolean audienceHas(Object aud, String expected) {
        if (aud instanceof String s) {
            return s.equals(expected);
        }
        return aud instanceof Collection<?> list && list.contains(expected);
    }

    private static Optional<Instant> seconds(Object value) {
        return value instanceof Number n ? Optional.of(Instant.ofEpochSecond(n.longValue())) : Optional.empty();
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() && s.length() <= 128 ? Optional.of(s) : Optional.empty();
    }

    private static String abbreviated(String text) {
        return DeviceViews.abbreviated(text.length() > 16 ? text.substring(0, 16) : text);
    }

    private static DevicePostureUnavailable refused(String why) {
        return new DevicePostureUnavailable(why, true);
    }

}
