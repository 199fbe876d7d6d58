package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.spi.DevicePostureSpi;
import org.keycloak.Config;

/**
 * A posture source's server options: {@code --spi-zt-posture-source--<id>--<key>}, else the same option
 * under the SPI's old name ({@code --spi-zt-device-posture--...}), so that a server configured before the
 * rename keeps its settings.
 */
final class PostureSourceOptions {

    private PostureSourceOptions() {
    }

    static int number(Config.Scope scope, String providerId, String key, int fallback) {
        Integer value = scope.getInt(key);
        if (value == null) {
            value = Config.scope(DevicePostureSpi.OLD_NAME, providerId).getInt(key);
        }
        return value == null ? fallback : value;
    }
}
