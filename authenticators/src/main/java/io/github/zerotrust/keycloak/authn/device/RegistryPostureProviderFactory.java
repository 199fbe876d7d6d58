package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.spi.DevicePostureProvider;
import io.github.zerotrust.keycloak.spi.DevicePostureProviderFactory;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import java.util.Optional;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code registry}: the posture last pushed for the device (see {@code DevicesResource}). Only the
 * device's owner gets it: someone else's device is unknown. A retired device is unknown; an approved
 * one counts as managed.
 */
public final class RegistryPostureProviderFactory implements DevicePostureProviderFactory {

    public static final String ID = Posture.REGISTRY;

    @Override
    public DevicePostureProvider create(KeycloakSession session) {
        return query -> posture(new DeviceStore(session), query);
    }

    static Optional<Posture> posture(DeviceStore store, DeviceQuery query) {
        if (query.deviceId().isEmpty() || query.user() == null) {
            return Optional.empty();
        }
        return store.find(query.realm().getId(), query.deviceId().get())
                .filter(device -> query.user().getId().equals(device.getOwnerId()))
                .flatMap(RegistryPostureProviderFactory::posture);
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
