package io.github.zerotrust.keycloak.device;

import java.util.Objects;
import java.util.Optional;

/**
 * How far an application may trust the device of a sign-in, as the {@code device_trust} claim says it.
 * The claim values are read by applications, so they cannot change without a migration.
 */
public enum DeviceTrust {
    /** Known and compliant with the baseline, or within its grace period (as Entra ID treats Intune's). */
    COMPLIANT("compliant"),
    /** Known and enrolled in device management, but not (or not yet judged) compliant. */
    MANAGED("managed"),
    /** Not recognised, or known but neither managed nor compliant. */
    UNMANAGED("unmanaged");

    /** The name of the token claim. */
    public static final String CLAIM = "device_trust";

    private final String claimValue;

    DeviceTrust(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    /** Trust in increasing order is unmanaged, managed, compliant: a condition "at least managed" admits both. */
    public boolean atLeast(DeviceTrust other) {
        return ordinal() <= other.ordinal();
    }

    /**
     * The trust of a sign-in's device: no posture (an unknown device) is {@link #UNMANAGED}; a verdict
     * that lets the device in is {@link #COMPLIANT}; otherwise a managed device is {@link #MANAGED}.
     *
     * @param verdict empty when the device's compliance was not evaluated
     */
    public static DeviceTrust of(Optional<Posture> posture, Optional<ComplianceVerdict> verdict) {
        Objects.requireNonNull(verdict, "verdict");
        if (posture.isEmpty()) {
            return UNMANAGED;
        }
        if (verdict.map(ComplianceVerdict::allowsAccess).orElse(false)) {
            return COMPLIANT;
        }
        return posture.get().isManaged() ? MANAGED : UNMANAGED;
    }

    /** The claim value in any case; anything else is empty. */
    public static Optional<DeviceTrust> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (DeviceTrust trust : values()) {
            if (trust.claimValue.equalsIgnoreCase(text.strip())) {
                return Optional.of(trust);
            }
        }
        return Optional.empty();
    }
}
