package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.DeviceSignIn;
import io.github.zerotrust.keycloak.authn.signin.DeviceThreatNote;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.SignInNotes;
import java.util.Locale;
import org.keycloak.events.EventBuilder;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps a device judgement where the rest of the sign-in reads it: the authentication session (for the
 * conditions and pages after the device step), the user session (for revocation and the
 * {@code device_trust} claim) and the event.
 */
final class DeviceRecording {

    /** User-session notes: the device of the sign-in (for revocation) and its trust (for the claim). */
    static final String SESSION_DEVICE = "zt.device.id";
    static final String SESSION_TRUST = "zt.device.trust";
    /** User-session note: the device's status at sign-in, for a refresh that does not re-check the device. */
    static final String SESSION_STATUS = "zt.device.status";

    private DeviceRecording() {
    }

    static void record(DeviceJudgement judgement, AuthenticationSessionModel authSession, EventBuilder event) {
        DeviceSignIn signIn = judgement.signIn();
        signIn.store(authSession);
        judgement.threat().ifPresent(t -> DeviceThreatNote.put(authSession, t));
        if (signIn.deviceId() != null) {
            authSession.setUserSessionNote(SESSION_DEVICE, signIn.deviceId());
            SignInNotes.put(authSession, event, EventDetails.DEVICE_ID, signIn.deviceId());
        }
        authSession.setUserSessionNote(SESSION_TRUST, signIn.trust());
        authSession.setUserSessionNote(SESSION_STATUS, signIn.finding().status().name().toLowerCase(Locale.ROOT));
        SignInNotes.put(authSession, event, EventDetails.DEVICE_TRUST, signIn.trust());
        SignInNotes.put(authSession, event, EventDetails.DEVICE_STATUS, signIn.status().toLowerCase(Locale.ROOT));
        SignInNotes.put(authSession, event, EventDetails.DEVICE_FAILURES, signIn.failureIds());
        SignInNotes.put(authSession, event, EventDetails.DEVICE_SOURCE, signIn.source());
        if (signIn.problem() != null) {
            SignInNotes.put(authSession, event, EventDetails.DEVICE_PROBLEM, signIn.problem());
        }
    }
}
