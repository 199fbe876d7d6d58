package io.github.zerotrust.keycloak.device;

import java.util.Locale;
import java.util.Optional;

/**
 * What a device management service (Intune and anything speaking Microsoft Graph's {@code complianceState})
 * itself says about the device. Only {@link #COMPLIANT} and {@link #IN_GRACE_PERIOD} (the MDM's own grace,
 * which Entra ID Conditional Access also treats as compliant) count as compliant; every other state,
 * {@link #UNKNOWN} included, does not.
 */
public enum MdmCompliance {
    COMPLIANT("compliant"), NONCOMPLIANT("noncompliant"), CONFLICT("conflict"), ERROR("error"),
    IN_GRACE_PERIOD("inGracePeriod"), CONFIG_MANAGER("configManager"), UNKNOWN("unknown");

    private final String graphName;

    MdmCompliance(String graphName) {
        this.graphName = graphName;
    }

    /** The value as Microsoft Graph spells it: {@code noncompliant}, {@code inGracePeriod}, ... */
    public String graphName() {
        return graphName;
    }

    public boolean countsAsCompliant() {
        return this == COMPLIANT || this == IN_GRACE_PERIOD;
    }

    /** Graph's spelling in any case, or the constant's name ({@code IN_GRACE_PERIOD}); anything else is empty. */
    public static Optional<MdmCompliance> parse(String text) {
        if (text == null || text.length() > 32) {
            return Optional.empty();
        }
        String t = text.strip().replace("_", "").toLowerCase(Locale.ROOT);
        for (MdmCompliance state : values()) {
            if (state.graphName.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
