package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.DeviceSignIn;
import io.github.zerotrust.keycloak.device.Compliance;
import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Instant;
import java.util.Optional;

/**
 * The device of a sign-in judged against the realm's baseline: what the posture lookup found, turned into
 * the finding the conditions, pages and What-If read. Records nothing; the device step and What-If judge
 * the same way.
 *
 * @param signIn  what the steps after the device step see
 * @param verdict the baseline's verdict, when a posture was found
 * @param posture the posture judged, when one was found
 */
record DeviceJudgement(DeviceSignIn signIn, Optional<ComplianceVerdict> verdict, Optional<Posture> posture) {

    /**
     * @param deviceId          the registry id the sign-in knows the device by, if any
     * @param nonCompliantSince when the tracked device started failing the baseline (for its grace)
     */
    static DeviceJudgement of(PostureLookup lookup, Optional<String> deviceId, ComplianceBaseline baseline, Instant now,
                              Optional<Instant> nonCompliantSince) {
        if (lookup.posture().isEmpty()) {
            DeviceSignIn none = lookup.failedOpen() ? DeviceSignIn.failedOpen(deviceId.orElse(null), lookup.problem())
                    : DeviceSignIn.unknown(deviceId.orElse(null), lookup.problem());
            return new DeviceJudgement(none, Optional.empty(), Optional.empty());
        }
        Posture found = lookup.posture().get();
        ComplianceVerdict verdict = Compliance.evaluate(found, baseline, now, nonCompliantSince);
        DeviceTrust trust = DeviceTrust.of(lookup.posture(), Optional.of(verdict));
        DeviceSignIn signIn = DeviceSignIn.of(verdict, trust, lookup.source(),
                deviceId.orElse(found.deviceId().orElse(null)), lookup.problem());
        return new DeviceJudgement(signIn, Optional.of(verdict), Optional.of(found));
    }

    Optional<DeviceThreat> threat() {
        return posture.flatMap(Posture::threat);
    }

    /**
     * Whether a source other than the registry (a posture token, the MDM) just said this device turned bad:
     * non-compliant past its grace, or a high threat. The registry's own pushes end sessions when they arrive.
     */
    boolean turnedBad() {
        if (signIn.deviceId() == null || verdict.isEmpty() || Posture.REGISTRY.equals(signIn.source())) {
            return false;
        }
        return verdict.get().status() == ComplianceVerdict.Status.NON_COMPLIANT
                || threat().filter(t -> t == DeviceThreat.HIGH).isPresent();
    }
}
