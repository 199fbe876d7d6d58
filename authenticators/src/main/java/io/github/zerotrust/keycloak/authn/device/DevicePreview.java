package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.broker.Upstream;
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
        return of(session, realm, user, deviceId, stepConfig, at, Optional.empty());
    }

    /** The same for a sign-in through an identity provider: the partner's word judged as the device step judges it. */
    public static Found of(KeycloakSession session, RealmModel realm, UserModel user, Optional<String> deviceId,
                           Map<String, String> stepConfig, Instant at, Optional<Upstream> upstream) {
        DeviceCheckConfig config = stepConfig == null ? NO_SETTINGS : DeviceCheckConfig.parse(stepConfig);
        PostureLookup lookup = PostureLookup.ask(session, realm, config.sources(),
                new DeviceQuery(realm, user, deviceId, Optional.empty(), DeviceQuery.Asker.WHAT_IF));
        DeviceJudgement judgement = DeviceJudgement.of(lookup, deviceId, config.baseline(realm.getAttributes()), at,
                SeenDevice.known(session, realm, user, deviceId).nonCompliantSince(lookup.posture())).vouchedBy(upstream);
        return new Found(judgement.signIn().finding(), judgement.threat());
    }
}
