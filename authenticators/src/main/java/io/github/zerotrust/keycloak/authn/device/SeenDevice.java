package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.risk.BrowserDevice;
import io.github.zerotrust.keycloak.device.Posture;
import java.time.Instant;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The device a browser sign-in comes from, as the registry knows it: the recognised-browser id (issued
 * now if the browser has none) and the registry's record of it when it is the user's own. A password
 * grant has no browser, so no device.
 */
record SeenDevice(Optional<String> id, Optional<DeviceEntity> record) {

    static SeenDevice none() {
        return new SeenDevice(Optional.empty(), Optional.empty());
    }

    /** The browser's device, created in the registry on first sight, its last-seen time updated after. */
    static SeenDevice ofBrowser(KeycloakSession session, RealmModel realm, UserModel user, Instant now) {
        Optional<String> id = BrowserDevice.idOf(session, realm, user, true);
        DeviceStore store = new DeviceStore(session);
        Optional<DeviceEntity> record = id.map(device -> store.seen(realm.getId(), device, user.getId(), now))
                .filter(device -> user.getId().equals(device.getOwnerId()));
        return new SeenDevice(id, record);
    }

    /** The registry's record of a device named by id (What-If): read only, nothing created or touched. */
    static SeenDevice known(KeycloakSession session, RealmModel realm, UserModel user, Optional<String> id) {
        Optional<DeviceEntity> record = id.flatMap(device -> new DeviceStore(session).find(realm.getId(), device))
                .filter(device -> user.getId().equals(device.getOwnerId()));
        return new SeenDevice(id, record);
    }

    /** The registry's record, when the posture found is about this device (a token may name another). */
    Optional<DeviceEntity> tracking(Optional<Posture> posture) {
        return record.filter(d -> posture.flatMap(Posture::deviceId).map(d.getDeviceId()::equals).orElse(true));
    }

    Optional<Instant> nonCompliantSince(Optional<Posture> posture) {
        return tracking(posture).flatMap(DeviceStore::nonCompliantSince);
    }

    /** Keeps when the tracked device started failing the baseline, so that its grace runs from then. */
    void remember(DeviceJudgement judgement) {
        judgement.verdict().ifPresent(verdict -> tracking(judgement.posture())
                .ifPresent(d -> DeviceStore.nonCompliantSince(d, verdict.nonCompliantSince())));
    }
}
