package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** The JSON the device endpoints answer with. No public key material beyond the key's presence, no raw report. */
final class DeviceViews {

    static final String NO_SUCH_DEVICE = "no-such-device";
    static final String NO_SUCH_USER = "no-such-user";
    static final String INVALID_POSTURE = "invalid-posture";
    static final String INVALID_KEY = "invalid-key";
    static final String REPORTER_ROLE_REQUIRED = "reporter-role-required";
    static final String DEVICE_RETIRED = "device-retired";
    static final String NOT_THE_DEVICES_REPORTER = "not-the-devices-reporter";
    static final String KEY_ALREADY_ENROLLED = "key-already-enrolled";

    private DeviceViews() {
    }

    static Map<String, Object> of(KeycloakSession session, RealmModel realm, DeviceEntity device, boolean withOwner) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", device.getDeviceId());
        if (withOwner && device.getOwnerId() != null) {
            UserModel owner = session.users().getUserById(realm, device.getOwnerId());
            view.put("owner", owner == null ? null : owner.getUsername());
        }
        view.put("displayName", device.getDisplayName());
        view.put("platform", device.getPlatform());
        view.put("managed", device.isManaged());
        view.put("state", DeviceState.of(device.getState()).name().toLowerCase(java.util.Locale.ROOT));
        view.put("firstSeen", Instant.ofEpochMilli(device.getFirstSeen()).toString());
        view.put("lastSeen", Instant.ofEpochMilli(device.getLastSeen()).toString());
        view.put("hasKey", device.getPublicKey() != null);
        view.put("postureReceivedAt", device.getPostureReceivedAt() == null ? null
                : Instant.ofEpochMilli(device.getPostureReceivedAt()).toString());
        view.put("nonCompliantSince", device.getNonCompliantSince() == null ? null
                : Instant.ofEpochMilli(device.getNonCompliantSince()).toString());
        return view;
    }

    static Response notFound(String deviceId) {
        return Problem.notFound(NO_SUCH_DEVICE, "No device " + Problem.quoted(deviceId) + " in this realm.").response();
    }

    static String abbreviated(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }

    static List<Map<String, Object>> all(KeycloakSession session, RealmModel realm, List<DeviceEntity> devices, boolean withOwner) {
        return devices.stream().map(d -> of(session, realm, d, withOwner)).toList();
    }
}
