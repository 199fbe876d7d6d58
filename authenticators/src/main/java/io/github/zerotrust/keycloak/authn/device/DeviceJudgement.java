package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.DeviceSignIn;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.device.Compliance;
import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
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

    /**
     * The judgement of a sign-in through an identity provider: the realm's own, unless the realm knows nothing of the
     * device (no source knew it, or the registry holds no facts about it: a browser only seen) and the provider is
     * trusted for its device claim; then the partner's word, with source {@code idp:<alias>}. A device the realm has
     * facts about (failing its baseline, under threat, managed) is judged by the realm alone. Never stored in the
     * device registry: it holds for this sign-in only.
     */
    DeviceJudgement vouchedBy(Optional<Upstream> upstream) {
        boolean knowsNothing = signIn.finding().status() == DeviceFinding.Status.UNKNOWN
                || posture.map(Posture::saysNothing).orElse(false);
        Optional<DeviceFinding> word = knowsNothing ? upstream.flatMap(DeviceFinding::partnersWord) : Optional.empty();
        if (word.isEmpty()) {
            return this;
        }
        return new DeviceJudgement(DeviceSignIn.vouched(word.get(), SOURCE_PREFIX + upstream.get().provider(), signIn.deviceId()),
                Optional.empty(), Optional.empty());
    }

    /** The device source of a standing an identity provider vouched for. */
    static final String SOURCE_PREFIX = "idp:";

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
