package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.spi.DevicePostureProvider;
import io.github.zerotrust.keycloak.spi.DevicePostureProviderFactory;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.Optional;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code registry}: the posture last pushed for the device (see {@code DevicesResource}). Only the
 * device's owner gets it: someone else's device is unknown. A retired device is unknown; an approved
 * one counts as managed.
 *
 * <p>What the registry vouches for (a pushed posture, an approval, "managed") is given only to a sign-in that
 * proves it comes from the device: a token signed by the device's enrolled key ({@code X-ZT-Device-Posture}),
 * which names the device. The recognised-browser cookie alone is no proof, since it can be copied: such a
 * sign-in is an unproven device (refused evidence, never failed open), unless the realm chose to trust the
 * cookie ({@value #TRUST_COOKIE}). What-If predicts for the device of its question as if it proved itself.
 */
public final class RegistryPostureProviderFactory implements DevicePostureProviderFactory {

    public static final String ID = Posture.REGISTRY;
    /** Realm attribute: {@code true} lets the cookie alone stand for the device (a copied cookie is then a device credential). */
    public static final String TRUST_COOKIE = "zt.device.registry.trust-cookie";
    static final String UNPROVEN = "the device has not proven it holds its enrolled key; a copied cookie is no device credential"
            + " (unproven device)";

    private final PostureTokenVerifier verifier = new PostureTokenVerifier(SignedTokenPostureProviderFactory.DEFAULT_MAX_BYTES,
            KeycloakClock.get());

    @Override
    public DevicePostureProvider create(KeycloakSession session) {
        return query -> posture(session, new DeviceStore(session), query);
    }

    private Optional<Posture> posture(KeycloakSession session, DeviceStore store, DeviceQuery query)
            throws DevicePostureUnavailable {
        if (query.user() == null) {
            return Optional.empty();
        }
        Optional<String> proven = query.postureToken().isPresent() && !query.whatIf()
                ? verifier.deviceProof(session, query, query.postureToken().get()) : Optional.empty();
        Optional<String> id = proven.or(query::deviceId);
        Optional<DeviceEntity> device = id.flatMap(d -> store.find(query.realm().getId(), d))
                .filter(d -> query.user().getId().equals(d.getOwnerId()));
        if (device.isEmpty() || DeviceState.of(device.get().getState()) == DeviceState.RETIRED) {
            return Optional.empty();
        }
        if (proven.isEmpty() && !query.whatIf() && vouchesFor(device.get()) && !trustsCookie(query)) {
            throw new DevicePostureUnavailable(UNPROVEN, true);
        }
        return posture(device.get());
    }

    /** Whether the registry holds anything that would give the device trust. */
    private static boolean vouchesFor(DeviceEntity device) {
        return device.getPosture() != null || device.isManaged() || DeviceState.of(device.getState()) == DeviceState.APPROVED;
    }

    private static boolean trustsCookie(DeviceQuery query) {
        // Weakening a security check takes the exact word, as fail-open does.
        return "true".equalsIgnoreCase(ConfigMap.of(query.realm().getAttributes()).text(TRUST_COOKIE, "false"));
    }

    static Optional<Posture> posture(DeviceEntity device) {
        DeviceState state = DeviceState.of(device.getState());
        if (state == DeviceState.RETIRED) {
            return Optional.empty();
        }
        Optional<Posture> stored = StoredPosture.read(device.getPosture(), device.getPostureReceivedAt());
        Posture.Builder posture = stored.map(Posture::toBuilder).orElseGet(() -> Posture.from(Posture.REGISTRY))
                .deviceId(device.getDeviceId());
        if (state == DeviceState.APPROVED || device.isManaged()) {
            posture.managed(true);
        }
        return Optional.of(posture.build());
    }

    @Override
    public void init(Config.Scope config) {
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
