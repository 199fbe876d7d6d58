package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.DeviceSignIn;
import io.github.zerotrust.keycloak.device.Compliance;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What {@code Zero Trust - check device} would find for a device, without a sign-in: the same sources
 * and baseline, read only (nothing is recorded, no session ends). For What-If.
 */
public final class DevicePreview {

    /** @param threat what the device's own tooling reports, for the risk assessment after it */
    public record Found(DeviceFinding finding, Optional<DeviceThreat> threat) {
    }

    private static final DeviceCheckConfig NO_SETTINGS = DeviceCheckConfig.parse(Map.of());

    private DevicePreview() {
    }

    /**
     * @param deviceId   the device's registry id (the recognised-browser id), if the question names one
     * @param stepConfig the device step's settings; null for its defaults
     */
    public static Found of(KeycloakSession session, RealmModel realm, UserModel user, Optional<String> deviceId,
                           Map<String, String> stepConfig, Instant at) {
        DeviceCheckConfig config = stepConfig == null ? NO_SETTINGS : DeviceCheckConfig.parse(stepConfig);
        PostureLookup lookup = PostureLookup.ask(session, realm, config.sources(),
                new DeviceQuery(realm, user, deviceId, Optional.empty()));
        if (lookup.posture().isEmpty()) {
            DeviceSignIn none = lookup.failedOpen() ? DeviceSignIn.failedOpen(deviceId.orElse(null), lookup.problem())
                    : DeviceSignIn.unknown(deviceId.orElse(null), lookup.problem());
            return new Found(none.finding(), Optional.empty());
        }
        Posture found = lookup.posture().get();
        Optional<Instant> nonCompliantSince = deviceId.flatMap(id -> new DeviceStore(session).find(realm.getId(), id))
                .filter(d -> user.getId().equals(d.getOwnerId()))
                .filter(d -> found.deviceId().map(d.getDeviceId()::equals).orElse(true))
                .flatMap(DeviceStore::nonCompliantSince);
        ComplianceVerdict verdict = Compliance.evaluate(found, config.baseline(realm.getAttributes()), at, nonCompliantSince);
        DeviceTrust trust = DeviceTrust.of(lookup.posture(), Optional.of(verdict));
        DeviceSignIn signIn = DeviceSignIn.of(verdict, trust, lookup.source(), deviceId.orElse(null), lookup.problem());
        return new Found(signIn.finding(), found.threat());
    }
}
