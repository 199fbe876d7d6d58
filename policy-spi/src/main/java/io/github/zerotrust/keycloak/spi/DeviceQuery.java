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
 * @param asked        who asks: a sign-in (its token from a header or from the URL) or What-If, which predicts
 *                     for the device of the question as if it proved itself
 */
public record DeviceQuery(RealmModel realm, UserModel user, Optional<String> deviceId, Optional<String> postureToken,
                          Asker asked) {

    /** Who asks, and how the posture token came. */
    public enum Asker { SIGN_IN, SIGN_IN_WITH_TOKEN_IN_URL, WHAT_IF }

    public DeviceQuery {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(postureToken, "postureToken");
        Objects.requireNonNull(asked, "asked");
    }

    /** A sign-in whose posture token, if any, came in a header. */
    public DeviceQuery(RealmModel realm, UserModel user, Optional<String> deviceId, Optional<String> postureToken) {
        this(realm, user, deviceId, postureToken, Asker.SIGN_IN);
    }

    /** Whether the token came in the URL (history, logs, Referer): such a token is accepted for minutes only. */
    public boolean tokenFromUrl() {
        return asked == Asker.SIGN_IN_WITH_TOKEN_IN_URL;
    }

    public boolean whatIf() {
        return asked == Asker.WHAT_IF;
    }
}
