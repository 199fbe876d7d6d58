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
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.http.client.methods.HttpGet;

/**
 * The MDM as {@code mdm-http} sees it: one managedDevice read over HTTP, mapped to a posture and kept in the
 * node's {@link PostureCache}. Holds no Keycloak types, so that it can be measured on its own (bench
 * {@code MdmHttpBenchmark}); the provider factory adds the realm, the user, the vault and the HTTP client of
 * Keycloak's {@code HttpClientProvider} (the server's truststore and proxy settings).
 */
public final class MdmClient {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = JsonFormat.strict();

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
        String key = scope + "|" + settings.baseUrl().orElseThrow() + "|" + deviceId;
        Optional<PostureCache.Entry> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get().posture();
        }
        Optional<Posture> posture = fetch(http, settings, deviceId, secrets).filter(owned).map(GraphManagedDevice::posture);
        cache.put(key, posture);
        return posture;
    }

    private Optional<GraphManagedDevice> fetch(Outbound http, MdmSettings settings, String deviceId,
            UnaryOperator<String> secrets) throws DevicePostureUnavailable {
        HttpGet request = new HttpGet(URI.create(settings.baseUrl().orElseThrow() + "/deviceManagement/managedDevices/"
                + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20")));
        request.setHeader("Accept", "application/json");
        if (!settings.token().isEmpty()) {
            request.setHeader("Authorization", "Bearer " + secrets.apply(settings.token()));
        }
        OutboundCall.Answer answer;
        try {
            answer = OutboundCall.send(http, request, settings.timeout(), MAX_ANSWER_BYTES);
        } catch (OutboundRefused e) {
            throw unavailable("the MDM URL is not allowed by the server's outbound rules (" + e.reason() + ")", e, settings);
        } catch (InterruptedIOException e) {
            throw unavailable("the MDM did not answer within " + settings.timeout().toMillis() + " ms", e, settings);
        } catch (IOException | RuntimeException e) {
            throw unavailable("the MDM cannot be reached (" + e.getClass().getSimpleName() + ")", e, settings);
        }
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw unavailable("the MDM answered HTTP " + answer.status(), null, settings);
        }
        if (answer.oversized()) {
            throw unavailable("the MDM's answer is larger than " + MAX_ANSWER_BYTES + " bytes", null, settings);
        }
        try {
            JsonNode json = JSON.readTree(answer.body());
            return Optional.of(GraphManagedDevice.of(json));
        } catch (IOException | PostureException e) {
            throw unavailable("the MDM's answer is not a managed device", e, settings);
        }
    }

    private static DevicePostureUnavailable unavailable(String why, Throwable cause, MdmSettings settings) {
        return new DevicePostureUnavailable(why, cause, settings.failOpen());
    }
}
