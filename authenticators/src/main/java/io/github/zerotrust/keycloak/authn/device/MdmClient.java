package io.github.zerotrust.keycloak.authn.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.authn.outbound.OutboundRefused;
import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.http.client.methods.HttpGet;
import org.jboss.logging.Logger;

/**
 * The MDM as {@code mdm-http} sees it: one managedDevice read over HTTP, mapped to a posture and kept in the
 * node's {@link PostureCache}. Holds no Keycloak types, so that it can be measured on its own (bench
 * {@code MdmHttpBenchmark}); the provider factory adds the realm, the user, the vault and the HTTP client of
 * Keycloak's {@code HttpClientProvider} (the server's truststore and proxy settings).
 */
public final class MdmClient {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    /**
     * What the event says when the MDM gave no usable answer. One text for every failure (status, timeout,
     * unreachable, unreadable): whoever can set the MDM URL and read the realm's events must not learn from
     * them what answers at an address. The server log has the detail, for the operator.
     */
    static final String NO_USABLE_ANSWER = "the MDM gave no usable answer (details in the server log)";
    static final String NOT_ALLOWED = "the MDM URL is not allowed by the server's outbound rules";
    private static final Logger LOG = Logger.getLogger(MdmClient.class);
    private static final ObjectMapper JSON = JsonFormat.strict();
    /** The digest of "the MDM does not know the device" (404), which has no body worth hashing. */
    private static final String UNKNOWN_DIGEST = "404";

    private final PostureCache cache;

    MdmClient(PostureCache cache) {
        this.cache = cache;
    }

    /** A client with a cache of at most {@code cacheSize} answers kept {@code cacheTtl}. */
    public static MdmClient create(Duration cacheTtl, int cacheSize, Clock clock) {
        return new MdmClient(new PostureCache(cacheSize, cacheTtl, clock));
    }

    /**
     * The device's posture as the MDM reports it, from the cache when it answered for this device recently.
     *
     * @param http    the client to ask with (Keycloak's, in the server)
     * @param scope   what else the answer depends on (the realm); part of the cache key
     * @param owned   whether a device the MDM knows is the signing-in user's; a device of someone else is unknown
     * @param secrets resolves the configured token (a vault expression) at use
     */
    public Optional<Posture> posture(Outbound http, MdmSettings settings, String scope, String deviceId,
            Predicate<GraphManagedDevice> owned, UnaryOperator<String> secrets) throws DevicePostureUnavailable {
        return posture(http, settings, scope, deviceId, owned, secrets, (key, digest) -> {
        });
    }

    /**
     * As {@link #posture(Outbound, MdmSettings, String, String, Predicate, UnaryOperator)}, and {@code fetched} is
     * told the cache key and the digest of each answer fetched from the MDM (not of one taken from the cache), for
     * the other nodes' {@link #fetchedElsewhere}.
     */
    public Optional<Posture> posture(Outbound http, MdmSettings settings, String scope, String deviceId,
            Predicate<GraphManagedDevice> owned, UnaryOperator<String> secrets, BiConsumer<String, String> fetched)
            throws DevicePostureUnavailable {
        String key = scope + "|" + settings.baseUrl().orElseThrow() + "|" + deviceId;
        // The MDM's own answer is kept, and every caller's ownership check runs on it: an answer filtered for
        // one user must never be what the next user of the same browser gets.
        Optional<GraphManagedDevice> answer;
        Optional<PostureCache.Entry> cached = cache.get(key);
        if (cached.isPresent()) {
            answer = cached.get().device();
        } else {
            Fetched fresh = fetch(http, settings, deviceId, secrets);
            cache.put(key, fresh.device(), fresh.digest());
            fetched.accept(key, fresh.digest());
            answer = fresh.device();
        }
        return answer.filter(owned).map(GraphManagedDevice::posture);
    }

    /**
     * Another node fetched the answer with {@code digest} for {@code key}: a different answer kept here is forgotten,
     * so the next sign-in through this node asks the MDM rather than deciding on what it said before.
     *
     * @return whether an answer kept here went
     */
    public boolean fetchedElsewhere(String key, String digest) {
        return cache.forgetUnless(key, digest);
    }

    /** An answer as it came from the MDM: the device (empty: the MDM does not know it) and the digest of the answer. */
    private record Fetched(Optional<GraphManagedDevice> device, String digest) {
    }

    private Fetched fetch(Outbound http, MdmSettings settings, String deviceId,
            UnaryOperator<String> secrets) throws DevicePostureUnavailable {
        HttpGet request = new HttpGet(URI.create(settings.baseUrl().orElseThrow() + "/deviceManagement/managedDevices/"
                + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20")));
        request.setHeader("Accept", "application/json");
        if (settings.tokenProblem().isPresent()) {
            throw new DevicePostureUnavailable(settings.tokenProblem().get(), false);
        }
        if (!settings.token().isEmpty()) {
            String token = secrets.apply(settings.token());
            if (token == null || token.isEmpty()) {
                throw new DevicePostureUnavailable("the MDM token is not in the server's vault (" + MdmSettings.VAULT_KEY + ")",
                        false);
            }
            request.setHeader("Authorization", "Bearer " + token);
        }
        OutboundCall.Answer answer;
        try {
            answer = OutboundCall.send(http, request, settings.timeout(), MAX_ANSWER_BYTES);
        } catch (OutboundRefused e) {
            LOG.warnf("MDM call refused by the server's outbound rules: %s", e.reason());
            throw unavailable(NOT_ALLOWED, e, settings);
        } catch (InterruptedIOException e) {
            LOG.warnf("The MDM did not answer within %d ms", settings.timeout().toMillis());
            throw unavailable(NO_USABLE_ANSWER, e, settings);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("The MDM cannot be reached (%s)", e.getClass().getSimpleName());
            throw unavailable(NO_USABLE_ANSWER, e, settings);
        }
        if (answer.status() == 404) {
            return new Fetched(Optional.empty(), UNKNOWN_DIGEST);
        }
        if (answer.status() != 200) {
            LOG.warnf("The MDM answered HTTP %d", answer.status());
            throw unavailable(NO_USABLE_ANSWER, null, settings);
        }
        if (answer.oversized()) {
            LOG.warnf("The MDM's answer is larger than %d bytes", MAX_ANSWER_BYTES);
            throw unavailable(NO_USABLE_ANSWER, null, settings);
        }
        try {
            JsonNode json = JSON.readTree(answer.body());
            return new Fetched(Optional.of(GraphManagedDevice.of(json)), digest(answer.body()));
        } catch (IOException | PostureException e) {
            LOG.warnf("The MDM's answer is not a managed device");
            throw unavailable(NO_USABLE_ANSWER, e, settings);
        }
    }

    /** The answer's SHA-256, base64url: equal answers, equal digests, on every node. */
    static String digest(byte[] body) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static DevicePostureUnavailable unavailable(String why, Throwable cause, MdmSettings settings) {
        return new DevicePostureUnavailable(why, cause, settings.failOpen());
    }
}
