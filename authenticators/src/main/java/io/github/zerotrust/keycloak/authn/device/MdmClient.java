package io.github.zerotrust.keycloak.authn.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The MDM as {@code mdm-http} sees it: one managedDevice read over HTTP, mapped to a posture and kept in the
 * node's {@link PostureCache}. Holds no Keycloak types, so that it can be measured on its own (bench
 * {@code MdmHttpBenchmark}); the provider factory adds the realm, the user and the vault.
 */
public final class MdmClient {

    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final PostureCache cache;

    MdmClient(HttpClient http, PostureCache cache) {
        this.http = http;
        this.cache = cache;
    }

    /** A client with its own HTTP client and a cache of at most {@code cacheSize} answers kept {@code cacheTtl}. */
    public static MdmClient create(Duration cacheTtl, int cacheSize, Clock clock) {
        // Redirects are not followed: the bearer token goes to the configured host only.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(MdmSettings.MAX_TIMEOUT_MS))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new MdmClient(http, new PostureCache(cacheSize, cacheTtl, clock));
    }

    /**
     * The device's posture as the MDM reports it, from the cache when it answered for this device recently.
     *
     * @param scope   what else the answer depends on (the realm); part of the cache key
     * @param owned   whether a device the MDM knows is the signing-in user's; a device of someone else is unknown
     * @param secrets resolves the configured token (a vault expression) at use
     */
    public Optional<Posture> posture(MdmSettings settings, String scope, String deviceId,
            Predicate<GraphManagedDevice> owned, UnaryOperator<String> secrets) throws DevicePostureUnavailable {
        String key = scope + "|" + settings.baseUrl().orElseThrow() + "|" + deviceId;
        Optional<PostureCache.Entry> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get().posture();
        }
        Optional<Posture> posture = fetch(settings, deviceId, secrets).filter(owned).map(GraphManagedDevice::posture);
        cache.put(key, posture);
        return posture;
    }

    private Optional<GraphManagedDevice> fetch(MdmSettings settings, String deviceId, UnaryOperator<String> secrets)
            throws DevicePostureUnavailable {
        URI uri = URI.create(settings.baseUrl().orElseThrow() + "/deviceManagement/managedDevices/"
                + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET()
                .header("Accept", "application/json");
        if (!settings.token().isEmpty()) {
            request.header("Authorization", "Bearer " + secrets.apply(settings.token()));
        }
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the wait for the answer's headers; this one bounds the whole exchange.
            response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw unavailable(cause instanceof HttpTimeoutException || cause instanceof TimeoutException
                    || cause instanceof HttpConnectTimeoutException
                    ? "the MDM did not answer within " + settings.timeout().toMillis() + " ms"
                    : "the MDM cannot be reached (" + cause.getClass().getSimpleName() + ")", cause, settings);
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status != 200) {
            throw unavailable("the MDM answered HTTP " + status, null, settings);
        }
        try {
            byte[] bytes = response.body();
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw unavailable("the MDM's answer is larger than " + MAX_ANSWER_BYTES + " bytes", null, settings);
            }
            JsonNode json = JSON.readTree(bytes);
            return Optional.of(GraphManagedDevice.of(json));
        } catch (IOException | PostureException e) {
            throw unavailable("the MDM's answer is not a managed device", e, settings);
        }
    }

    private static DevicePostureUnavailable unavailable(String why, Throwable cause, MdmSettings settings) {
        return new DevicePostureUnavailable(why, cause, settings.failOpen());
    }
}
