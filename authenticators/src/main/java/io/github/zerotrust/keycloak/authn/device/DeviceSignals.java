package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signals.DeviceActs;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** What the signal engine may do to a device: end its sessions, retire it. Nothing else leaves the package. */
public final class DeviceSignals implements DeviceActs {

    @Override
    public Optional<String> owner(KeycloakSession session, RealmModel realm, String deviceId) {
        return new DeviceStore(session).find(realm.getId(), deviceId).map(DeviceEntity::getOwnerId);
    }

    @Override
    public boolean known(KeycloakSession session, RealmModel realm, String deviceId) {
        return new DeviceStore(session).find(realm.getId(), deviceId).isPresent();
    }

    @Override
    public int endSessions(KeycloakSession session, RealmModel realm, String userIdOrNull, String deviceId) {
        if (userIdOrNull != null) {
            // Also a device the registry never kept (a posture token or MDM source) marked the sessions it signed in.
            var user = session.users().getUserById(realm, userIdOrNull);
            return user == null ? 0 : DeviceSessions.revoke(session, realm, user, deviceId);
        }
        Optional<DeviceEntity> device = new DeviceStore(session).find(realm.getId(), deviceId);
        return device.isPresent() ? DeviceSessions.revoke(session, realm, device.get()) : 0;
    }

    @Override
    public boolean retire(KeycloakSession session, RealmModel realm, String deviceId) {
        Optional<DeviceEntity> device = new DeviceStore(session).find(realm.getId(), deviceId);
        if (device.isEmpty() || DeviceState.RETIRED.name().equals(device.get().getState())) {
            return false;
        }
        device.get().setState(DeviceState.RETIRED.name());
        return true;
    }
}
