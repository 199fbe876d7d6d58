package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.spi.DevicePostureProvider;
import io.github.zerotrust.keycloak.spi.DevicePostureProviderFactory;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
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
 * a short local cache, through Keycloak's {@code HttpClientProvider} (so the server's truststore and proxy
 * settings apply). A device the MDM does not know (404), or whose {@code userPrincipalName} is not the user's,
 * is unknown. An MDM that cannot answer (timeout, error status, unreadable answer) fails closed unless the
 * realm set {@code zt.device.mdm.fail-open}.
 */
public final class MdmHttpPostureProviderFactory implements DevicePostureProviderFactory {

    public static final String ID = Posture.MDM_HTTP;
    static final String CACHE_TTL_SECONDS = "cache-ttl-seconds";
    static final String CACHE_SIZE = "cache-size";
    static final int DEFAULT_CACHE_TTL_SECONDS = 60;
    static final int DEFAULT_CACHE_SIZE = 10_000;
    private static final Logger LOG = Logger.getLogger(MdmHttpPostureProviderFactory.class);

    private MdmClient mdm;

    @Override
    public DevicePostureProvider create(KeycloakSession session) {
        return query -> {
            MdmSettings settings = MdmSettings.of(query.realm().getAttributes());
            if (settings.baseUrl().isEmpty() || query.deviceId().isEmpty() || query.user() == null) {
                return Optional.empty();
            }
            requireNotRetired(session, query);
            return lookup(Outbound.of(session), settings, query, raw -> {
                // Only the fixed reference reaches the vault (MdmSettings.tokenProblem refuses anything else).
                if (!MdmSettings.VAULT_REFERENCE.equals(raw)) {
                    return null;
                }
                try (VaultStringSecret secret = session.vault().getStringSecret(raw)) {
                    return secret.get().orElse(null);
                }
            });
        };
    }

    /** The device's posture as the MDM reports it, from the cache when it answered for this device recently. */
    Optional<Posture> lookup(Outbound http, MdmSettings settings, DeviceQuery query, UnaryOperator<String> secrets)
            throws DevicePostureUnavailable {
        String deviceId = query.deviceId().orElseThrow();
        return mdm.posture(http, settings, query.realm().getId(), deviceId, device -> {
            boolean owned = belongsTo(device, query.user());
            if (!owned) {
                LOG.infof("Realm %s: the MDM's device %s belongs to another user; the device counts as unknown",
                        query.realm().getName(), DeviceViews.abbreviated(deviceId));
            }
            return owned;
        }, secrets);
    }

    /** An admin retired the device in the registry: whatever the MDM says, it is not trusted. */
    static void requireNotRetired(KeycloakSession session, DeviceQuery query) throws DevicePostureUnavailable {
        Optional<DeviceEntity> registered = new DeviceStore(session).find(query.realm().getId(), query.deviceId().orElseThrow());
        if (registered.isPresent() && DeviceState.of(registered.get().getState()) == DeviceState.RETIRED) {
            throw new DevicePostureUnavailable("the device is retired in the registry", true);
        }
    }

    /**
     * The MDM names the device's user; a device of someone else is not this sign-in's device. An e-mail
     * address counts only once verified: anyone may type someone else's address into a profile.
     */
    static boolean belongsTo(GraphManagedDevice device, UserModel user) {
        return device.userPrincipalName().map(upn -> upn.toLowerCase(Locale.ROOT))
                .filter(upn -> upn.equals(lower(user.getUsername())) || user.isEmailVerified() && upn.equals(lower(user.getEmail())))
                .isPresent();
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    @Override
    public void init(Config.Scope config) {
        int ttl = Math.max(0, Math.min(3600, PostureSourceOptions.number(config, ID, CACHE_TTL_SECONDS, DEFAULT_CACHE_TTL_SECONDS)));
        int size = Math.max(1, Math.min(1_000_000, PostureSourceOptions.number(config, ID, CACHE_SIZE, DEFAULT_CACHE_SIZE)));
        init(Duration.ofSeconds(ttl), size, KeycloakClock.get());
    }

    void init(Duration ttl, int size, Clock clock) {
        mdm = MdmClient.create(ttl, size, clock);
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
