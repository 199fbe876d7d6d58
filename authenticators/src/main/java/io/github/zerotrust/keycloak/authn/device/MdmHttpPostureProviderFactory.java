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
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;
import io.github.zerotrust.keycloak.authn.model.AfterStart;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import org.keycloak.Config;
import org.keycloak.cluster.ClusterEvent;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.keys.infinispan.PublicKeyStorageInvalidationEvent;
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
 *
 * <p>Each answer fetched from the MDM is announced to the other nodes (its cache key and digest, through Keycloak's
 * {@link ClusterProvider}); a node holding a different answer for the device forgets it, so a device that fell out
 * of compliance, seen through one node, is asked about afresh on the others rather than let in on their cached
 * answer.
 */
public final class MdmHttpPostureProviderFactory implements DevicePostureProviderFactory {

    public static final String ID = Posture.MDM_HTTP;
    static final String CACHE_TTL_SECONDS = "cache-ttl-seconds";
    static final String CACHE_SIZE = "cache-size";
    static final int DEFAULT_CACHE_TTL_SECONDS = 60;
    static final int DEFAULT_CACHE_SIZE = 10_000;
    /** The cluster task through which a node announces the answers it fetched: {@code digest + ' ' + cache key}. */
    static final String ANSWER_FETCHED = "zt-mdm-answer-fetched";
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
            return lookup(Outbound.of(session), settings, query, (key, digest) -> announce(session, key, digest), raw -> {
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
    Optional<Posture> lookup(Outbound http, MdmSettings settings, DeviceQuery query, BiConsumer<String, String> fetched,
            UnaryOperator<String> secrets) throws DevicePostureUnavailable {
        String deviceId = query.deviceId().orElseThrow();
        return mdm.posture(http, settings, query.realm().getId(), deviceId, device -> {
            boolean owned = belongsTo(device, query.user());
            if (!owned) {
                LOG.infof("Realm %s: the MDM's device %s belongs to another user; the device counts as unknown",
                        query.realm().getName(), DeviceViews.abbreviated(deviceId));
            }
            return owned;
        }, secrets, fetched);
    }

    /**
     * Tells the other nodes (in every site) which answer this node just fetched. Keycloak's own string event carries
     * it (it is marshallable already, so no ProtoStream schema of ours is needed); a failure to send is logged and
     * costs only the other nodes' cached answers living out their time.
     */
    private static void announce(KeycloakSession session, String key, String digest) {
        try {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.notify(ANSWER_FETCHED, PublicKeyStorageInvalidationEvent.create(digest + " " + key), true,
                        ClusterProvider.DCNotify.ALL_DCS);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not tell the other nodes of an MDM answer (%s): theirs live out their cache time",
                    e.getClass().getSimpleName());
        }
    }

    /** Another node announced an answer: a different one kept here goes. */
    void fetchedElsewhere(ClusterEvent event) {
        if (event instanceof PublicKeyStorageInvalidationEvent announced) {
            String text = announced.getCacheKey();
            int space = text == null ? -1 : text.indexOf(' ');
            if (space > 0 && mdm.fetchedElsewhere(text.substring(space + 1), text.substring(0, space))) {
                LOG.debugf("An MDM answer another node fetched replaced the one this node kept");
            }
        }
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
        AfterStart.run(factory, session -> {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.registerListener(ANSWER_FETCHED, this::fetchedElsewhere);
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
