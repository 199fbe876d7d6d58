package io.github.zerotrust.keycloak.authn.signals;

import java.util.Optional;
import java.util.ServiceLoader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What the signal engine may do to a device. The device registry implements it (found with {@link ServiceLoader}
 * in this jar), so the registry can raise signals and the engine can act on devices without the two packages
 * depending on each other.
 */
public interface DeviceActs {

    /** The device's owner, if the registry knows the device and its owner. */
    Optional<String> owner(KeycloakSession session, RealmModel realm, String deviceId);

    /** Whether the registry keeps the device. */
    boolean known(KeycloakSession session, RealmModel realm, String deviceId);

    /**
     * Ends the sessions the device signed in: those of the user named (a signal about one user never ends
     * another's), else those of the registry's owner; 0 for an unknown device.
     */
    int endSessions(KeycloakSession session, RealmModel realm, String userIdOrNull, String deviceId);

    /** Retires the device; false when it is unknown or already retired (so a repeated call changes nothing). */
    boolean retire(KeycloakSession session, RealmModel realm, String deviceId);

    /** The registry's implementation; a build without one fails at first use rather than ending nothing. */
    static DeviceActs registry() {
        return Registry.ACTS;
    }

    /** Loaded once: the implementation is stateless. */
    final class Registry {
        private static final DeviceActs ACTS = ServiceLoader.load(DeviceActs.class, DeviceActs.class.getClassLoader())
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + DeviceActs.class.getName() + " in the bundle"));

        private Registry() {
        }
    }
}
