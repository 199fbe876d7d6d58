package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The threat the device's posture reported in this sign-in, handed from {@code Zero Trust - check device}
 * to the risk assessment that follows it (an auth note, so it lives only as long as the sign-in).
 */
public final class DeviceThreatNote {

    static final String NOTE = "zt.device.threat";

    private DeviceThreatNote() {
    }

    public static void put(AuthenticationSessionModel authSession, DeviceThreat threat) {
        authSession.setAuthNote(NOTE, threat.name());
    }

    /** The threat reported in this sign-in; none when no device step ran before, or the posture named none. */
    public static Optional<DeviceThreat> of(AuthenticationSessionModel authSession) {
        return parse(authSession.getAuthNote(NOTE));
    }

    static Optional<DeviceThreat> parse(String note) {
        return DeviceThreat.parse(note);
    }
}
