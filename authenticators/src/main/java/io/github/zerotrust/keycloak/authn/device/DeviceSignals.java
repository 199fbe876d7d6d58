package io.github.zerotrust.keycloak.authn.device;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What the signal engine may do to a device: end its sessions, retire it. Nothing else leaves the package. */
public final class DeviceSignals {

    private DeviceSignals() {
    }

    /** The device's owner, if the registry knows the device. */
    public static Optional<String> owner(KeycloakSession session, RealmModel realm, String deviceId) {
        return new DeviceStore(session).find(realm.getId(), deviceId).map(DeviceEntity::getOwnerId);
    }

    /** Ends the sessions the device signed in (its owner's sessions that carry its id); 0 for an unknown device. */
    public static int endSessions(KeycloakSession session, RealmModel realm, String ownerIdOrNull, String deviceId) {
        Optional<DeviceEntity> device = new DeviceStore(session).find(realm.getId(), deviceId);
        if (device.isPresent()) {
            return DeviceSessions.revoke(session, realm, device.get());
        }
        if (ownerIdOrNull == null) {
            return 0;
        }
        // A device the registry never kept (a posture token or MDM source) still marked the sessions it signed in.
        var owner = session.users().getUserById(realm, ownerIdOrNull);
        return owner == null ? 0 : DeviceSessions.revoke(session, realm, owner, deviceId);
    }

    /** Retires the device; false when it is unknown or already retired (so a repeated call changes nothing). */
    public static boolean retire(KeycloakSession session, RealmModel realm, String deviceId) {
        Optional<DeviceEntity> device = new DeviceStore(session).find(realm.getId(), deviceId);
        if (device.isEmpty() || DeviceState.RETIRED.name().equals(device.get().getState())) {
            return false;
        }
        device.get().setState(DeviceState.RETIRED.name());
        return true;
    }
}
