package io.github.zerotrust.keycloak.spi;

import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What a sign-in offers to identify its device.
 *
 * @param deviceId     the registry id of the device: the recognised-browser id of this browser
 * @param postureToken a posture JWT the device agent or a proxy sent ({@code X-ZT-Device-Posture}) or the
 *                     application passed ({@code device_posture}); unverified
 */
public record DeviceQuery(RealmModel realm, UserModel user, Optional<String> deviceId, Optional<String> postureToken) {

    public DeviceQuery {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(postureToken, "postureToken");
    }
}
