package io.github.zerotrust.keycloak.policy;

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
