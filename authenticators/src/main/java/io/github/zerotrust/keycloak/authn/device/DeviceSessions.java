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
        if (owner == null) {
            return 0;
        }
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, owner)
                .filter(s -> device.getDeviceId().equals(s.getNote(DeviceCheck.SESSION_DEVICE)))
                .toList();
        for (UserSessionModel userSession : sessions) {
            AuthenticationManager.backchannelLogout(session, userSession, true);
        }
        return sessions.size();
    }
}
