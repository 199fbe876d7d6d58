package io.github.zerotrust.keycloak.authn.device;

import jakarta.ws.rs.core.MediaType;
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

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
    }

    static Response notFound(String deviceId) {
        return error(Response.Status.NOT_FOUND, "No device '" + abbreviated(deviceId) + "' in this realm");
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
