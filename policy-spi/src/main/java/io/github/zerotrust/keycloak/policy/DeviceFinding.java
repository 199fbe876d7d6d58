package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code Zero Trust - check device} found about the sign-in's device: its standing against the
 * baseline, the trust the {@code device_trust} claim carries, and every check it fails.
 *
 * @param problem why no posture could be had (a source down, a token refused); never a secret
 */
public record DeviceFinding(Status status, DeviceTrust trust, List<FailedCheck> failures, Optional<String> problem) {

    public enum Status {
        COMPLIANT, IN_GRACE, NON_COMPLIANT,
        /** No source knew the device. */
        UNKNOWN,
        /** The posture source was down and the realm chose fail-open: let in, never trusted beyond unmanaged. */
        FAILED_OPEN
    }

    /** One failed check: its id ({@code os-version}) and an English text for events. */
    public record FailedCheck(String check, String text) {
    }

    public DeviceFinding {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(trust, "trust");
        failures = failures == null ? List.of() : List.copyOf(failures);
        problem = problem == null ? Optional.empty() : problem;
    }

    /** The failed check of a device its partner vouches for as managed only. */
    public static final String UPSTREAM_MANAGED_ONLY = "upstream-managed-only";

    /**
     * The device of a sign-in through an identity provider as the realm's rules see it: this, the realm's own finding,
     * except where the realm knows nothing of the device ({@link Status#UNKNOWN}) and the provider is trusted for its
     * device claim. What the realm itself found (a device of its own registry failing the baseline, a source that
     * failed open) is never overruled by a partner's word. (The shell also lets the word stand for a device the
     * registry holds no facts about: see {@code Posture.saysNothing}.)
     */
    public DeviceFinding vouchedBy(Optional<Upstream> upstream) {
        return status == Status.UNKNOWN ? upstream.flatMap(DeviceFinding::partnersWord).orElse(this) : this;
    }

    /** What a provider trusted for its device claim says of the device; empty when it is not trusted for it. */
    public static Optional<DeviceFinding> partnersWord(Upstream upstream) {
        if (upstream.trustedDevice().isEmpty()) {
            return Optional.empty();
        }
        if (upstream.trustedDevice().get() == DeviceTrust.COMPLIANT) {
            return Optional.of(new DeviceFinding(Status.COMPLIANT, DeviceTrust.COMPLIANT, List.of(), Optional.empty()));
        }
        return Optional.of(new DeviceFinding(Status.NON_COMPLIANT, DeviceTrust.MANAGED, List.of(new FailedCheck(UPSTREAM_MANAGED_ONLY,
                "identity provider " + upstream.provider() + " says the device is managed, not that it is compliant")),
                Optional.empty()));
    }

    public static DeviceFinding unknown(Optional<String> problem) {
        return new DeviceFinding(Status.UNKNOWN, DeviceTrust.UNMANAGED, List.of(), problem);
    }

    /** Compliant, in grace, or let in because its source failed open. */
    public boolean allowsAccess() {
        return status == Status.COMPLIANT || status == Status.IN_GRACE || status == Status.FAILED_OPEN;
    }

    /** {@code os-version,disk-encryption}, {@code unknown-device}, {@code source-unavailable} or {@code none}. */
    public String failureIds() {
        if (status == Status.UNKNOWN) {
            return "unknown-device";
        }
        if (status == Status.FAILED_OPEN) {
            return "source-unavailable";
        }
        return failures.isEmpty() ? "none" : String.join(",", failures.stream().map(FailedCheck::check).toList());
    }

    /** Every failure in English, for the event's reason. */
    public String failureTexts() {
        if (status == Status.UNKNOWN) {
            return "the device is not known" + problem.map(p -> " (" + p + ")").orElse("");
        }
        return String.join("; ", failures.stream().map(f -> f.check() + ": " + f.text()).toList());
    }
}
