package io.github.zerotrust.keycloak.authn.device;

import java.util.List;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Ends the sessions a device signed in: each carries the device id as a user-session note, set by the
 * device step at sign-in. Back-channel logout, so applications that registered a logout URL hear of it.
 */
final class DeviceSessions {

    private DeviceSessions() {
    }

    static int revoke(KeycloakSession session, RealmModel realm, DeviceEntity device) {
        if (device.getOwnerId() == null) {
            return 0;
        }
        UserModel owner = session.users().getUserById(realm, device.getOwnerId());
        return owner == null ? 0 : revoke(session, realm, owner, device.getDeviceId());
    }

    /** The sessions {@code user} signed in with the device known as {@code deviceId}. */
    static int revoke(KeycloakSession session, RealmModel realm, UserModel user, String deviceId) {
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, user)
                .filter(s -> deviceId.equals(s.getNote(DeviceRecording.SESSION_DEVICE)))
                .toList();
        for (UserSessionModel userSession : sessions) {
            AuthenticationManager.backchannelLogout(session, userSession, true);
        }
        return sessions.size();
    }
}
