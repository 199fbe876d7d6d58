package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.device.Posture;
import java.util.Optional;
import org.keycloak.provider.Provider;

/**
 * One source of device postures. It answers what it knows about the device of one sign-in, or empty
 * when it does not know the device (the next source is asked). A source that cannot answer (an MDM
 * down, a key set unreadable) throws {@link DevicePostureUnavailable}, and its fail mode decides.
 */
public interface DevicePostureProvider extends Provider {

    Optional<Posture> posture(DeviceQuery query) throws DevicePostureUnavailable;

    @Override
    default void close() {
    }
}
