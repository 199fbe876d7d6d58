package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.models.UserSessionModel;

/** The device a session signed in from, as the device step left it in the session's notes. */
public final class SessionDevice {

    private SessionDevice() {
    }

    /** The registry id of the session's device; empty when the sign-in had none (no device step, a browser never seen). */
    public static Optional<String> id(UserSessionModel userSession) {
        return Optional.ofNullable(userSession.getNote(DeviceRecording.SESSION_DEVICE)).filter(id -> !id.isBlank());
    }

    /**
     * The device's standing at sign-in (its status and trust, without the failed checks); empty when no device step
     * ran. An unreadable status counts as unknown.
     */
    public static Optional<DeviceFinding> atSignIn(UserSessionModel userSession) {
        String trust = userSession.getNote(DeviceRecording.SESSION_TRUST);
        if (trust == null) {
            return Optional.empty();
        }
        DeviceFinding.Status status;
        try {
            status = DeviceFinding.Status.valueOf(String.valueOf(userSession.getNote(DeviceRecording.SESSION_STATUS))
                    .toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unreadable) {
            status = DeviceFinding.Status.UNKNOWN;
        }
        return Optional.of(new DeviceFinding(status, DeviceTrust.parse(trust).orElse(DeviceTrust.UNMANAGED), List.of(),
                Optional.empty()));
    }
}
