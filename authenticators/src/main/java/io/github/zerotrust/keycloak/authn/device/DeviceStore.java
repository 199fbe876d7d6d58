package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.Posture;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The device registry in the realm's database, shared by every node. */
final class DeviceStore {

    /** Longer ids are refused: the column holds 128 characters. */
    static final int MAX_DEVICE_ID_LENGTH = 128;

    private static final String FOUND = DeviceStore.class.getName() + ".found";

    private final EntityManager em;
    /**
     * The devices this request has looked up, by realm and device id: a sign-in asks for its device in several
     * steps (seen, posture, compliance), and the entity is the same managed one each time. What this store writes
     * (persist, remove, bulk delete) it writes here too, so the request never reads an older copy of its own work.
     */
    private final Map<String, Optional<DeviceEntity>> found;

    @SuppressWarnings("unchecked")
    DeviceStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Map<String, Optional<DeviceEntity>> known = session.getAttribute(FOUND, Map.class);
        if (known == null) {
            known = new HashMap<>();
            session.setAttribute(FOUND, known);
        }
        this.found = known;
    }

    Optional<DeviceEntity> find(String realmId, String deviceId) {
        if (deviceId == null || deviceId.isBlank() || deviceId.length() > MAX_DEVICE_ID_LENGTH) {
            return Optional.empty();
        }
        return found.computeIfAbsent(key(realmId, deviceId), k -> em.createNamedQuery("ztDevice", DeviceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("deviceId", deviceId)
                .getResultStream().findFirst());
    }

    private static String key(String realmId, String deviceId) {
        return realmId + "\n" + deviceId;
    }

    List<DeviceEntity> ofRealm(String realmId, int first, int max) {
        return em.createNamedQuery("ztDevicesOfRealm", DeviceEntity.class).setParameter("realmId", realmId)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    List<DeviceEntity> ofOwner(String realmId, String ownerId) {
        return em.createNamedQuery("ztDevicesOfOwner", DeviceEntity.class).setParameter("realmId", realmId)
                .setParameter("ownerId", ownerId).setMaxResults(200).getResultList();
    }

    /** The device seen at a sign-in by {@code ownerId}: created on first sight, its last-seen time updated after. */
    DeviceEntity seen(String realmId, String deviceId, String ownerId, Instant now) {
        Optional<DeviceEntity> existing = find(realmId, deviceId);
        if (existing.isPresent()) {
            DeviceEntity device = existing.get();
            device.setLastSeen(now.toEpochMilli());
            if (device.getOwnerId() == null) {
                device.setOwnerId(ownerId);
            }
            return device;
        }
        DeviceEntity device = new DeviceEntity();
        device.setId(KeycloakModelUtils.generateId());
        device.setRealmId(realmId);
        device.setDeviceId(deviceId);
        device.setOwnerId(ownerId);
        device.setState(DeviceState.ACTIVE.name());
        device.setFirstSeen(now.toEpochMilli());
        device.setLastSeen(now.toEpochMilli());
        em.persist(device);
        found.put(key(realmId, deviceId), Optional.of(device));
        return device;
    }

    void recordPosture(DeviceEntity device, Posture posture, Instant receivedAt) {
        device.setPosture(StoredPosture.write(posture));
        device.setPostureReceivedAt(receivedAt.toEpochMilli());
        posture.platform().ifPresent(p -> device.setPlatform(p.key()));
        posture.managed().ifPresent(device::setManaged);
    }

    Optional<Posture> posture(DeviceEntity device) {
        return StoredPosture.read(device.getPosture(), device.getPostureReceivedAt());
    }

    static Optional<Instant> nonCompliantSince(DeviceEntity device) {
        return Optional.ofNullable(device.getNonCompliantSince()).map(Instant::ofEpochMilli);
    }

    static void nonCompliantSince(DeviceEntity device, Optional<Instant> since) {
        device.setNonCompliantSince(since.map(Instant::toEpochMilli).orElse(null));
    }

    void remove(DeviceEntity device) {
        em.remove(device);
        found.put(key(device.getRealmId(), device.getDeviceId()), Optional.empty());
    }

    void forgetOwner(String realmId, String ownerId) {
        em.createNamedQuery("ztDeleteDevicesOfOwner").setParameter("realmId", realmId).setParameter("ownerId", ownerId)
                .executeUpdate();
        found.clear();
    }

    void forgetRealm(String realmId) {
        em.createNamedQuery("ztDeleteDevicesOfRealm").setParameter("realmId", realmId).executeUpdate();
        found.clear();
    }
}
