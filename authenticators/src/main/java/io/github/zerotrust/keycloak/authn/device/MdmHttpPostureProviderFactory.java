package io.github.zerotrust.keycloak.authn.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.spi.DevicePostureProvider;
import io.github.zerotrust.keycloak.spi.DevicePostureProviderFactory;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.vault.VaultStringSecret;

/**
 * {@code mdm-http}: asks the realm's MDM (Microsoft Graph's {@code GET /deviceManagement/managedDevices/{id}},
 * or anything speaking that shape) about the device of the sign-in, with a bearer token, bounded timeouts and
 * a short local cache. A device the MDM does not know (404), or whose {@code userPrincipalName} is not the
 * user's, is unknown. An MDM that cannot answer (timeout, error status, unreadable answer) fails closed unless
 * the realm set {@code zt.device.mdm.fail-open}.
 */
public final class MdmHttpPostureProviderFactory implements DevicePostureProviderFactory {

    public static final String ID = Posture.MDM_HTTP;
    static final String CACHE_TTL_SECONDS = "cache-ttl-seconds";
    static final String CACHE_SIZE = "cache-size";
    static final int DEFAULT_CACHE_TTL_SECONDS = 60;
    static final int DEFAULT_CACHE_SIZE = 10_000;
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(MdmHttpPostureProviderFactory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpClient client;
    private PostureCache cache;

    @Override
    public DevicePostureProvider create(KeycloakSession session) {
        return query -> {
            MdmSettings settings = MdmSettings.of(query.realm().getAttributes());
            if (settings.baseUrl().isEmpty() || query.deviceId().isEmpty() || query.user() == null) {
                return Optional.empty();
            }
            return lookup(settings, query, raw -> {
                try (VaultStringSecret secret = session.vault().getStringSecret(raw)) {
                    return secret.get().orElse(raw);
                }
            });
        };
    }

    /** The device's posture as the MDM reports it, from the cache when it answered for this device recently. */
    Optional<Posture> lookup(MdmSettings settings, DeviceQuery query, UnaryOperator<String> secrets) throws DevicePostureUnavailable {
        String deviceId = query.deviceId().orElseThrow();
        String key = query.realm().getId() + "|" + settings.baseUrl().get() + "|" + deviceId;
        Optional<PostureCache.Entry> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get().posture();
        }
        Optional<GraphManagedDevice> device = fetch(settings, deviceId, secrets);
        Optional<Posture> posture = device.filter(d -> belongsTo(d, query.user())).map(GraphManagedDevice::posture);
        if (device.isPresent() && posture.isEmpty()) {
            LOG.infof("Realm %s: the MDM's device %s belongs to another user; the device counts as unknown",
                    query.realm().getName(), DeviceViews.abbreviated(deviceId));
        }
        cache.put(key, posture);
        return posture;
    }

    private Optional<GraphManagedDevice> fetch(MdmSettings settings, String deviceId, UnaryOperator<String> secrets)
            throws DevicePostureUnavailable {
        URI uri = URI.create(settings.baseUrl().get() + "/deviceManagement/managedDevices/"
                + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET()
                .header("Accept", "application/json");
        if (!settings.token().isEmpty()) {
            request.header("Authorization", "Bearer " + secrets.apply(settings.token()));
        }
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the wait for the answer's headers; this one bounds the whole exchange.
            response = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .orTimeout(settings.timeout().toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS).join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            throw unavailable(cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.net.http.HttpConnectTimeoutException
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

    /** The MDM names the device's user; a device of someone else is not this sign-in's device. */
    static boolean belongsTo(GraphManagedDevice device, UserModel user) {
        return device.userPrincipalName().map(upn -> upn.toLowerCase(Locale.ROOT))
                .filter(upn -> upn.equals(lower(user.getUsername())) || upn.equals(lower(user.getEmail())))
                .isPresent();
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static DevicePostureUnavailable unavailable(String why, Throwable cause, MdmSettings settings) {
        return new DevicePostureUnavailable(why, cause, settings.failOpen());
    }

    @Override
    public void init(Config.Scope config) {
        int ttl = Math.max(0, Math.min(3600, config.getInt(CACHE_TTL_SECONDS, DEFAULT_CACHE_TTL_SECONDS)));
        int size = Math.max(1, Math.min(1_000_000, config.getInt(CACHE_SIZE, DEFAULT_CACHE_SIZE)));
        init(Duration.ofSeconds(ttl), size, Clock.systemUTC());
    }

    void init(Duration ttl, int size, Clock clock) {
        // Redirects are not followed: the bearer token goes to the configured host only.
        client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(MdmSettings.MAX_TIMEOUT_MS))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        cache = new PostureCache(size, ttl, clock);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(CACHE_TTL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_CACHE_TTL_SECONDS)
                .helpText("How long the MDM's answer about a device is reused on this node (0-3600 s; 0: ask every time).").add()
                .property().name(CACHE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_CACHE_SIZE)
                .helpText("How many devices' answers each node keeps at most.").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
