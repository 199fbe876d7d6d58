package io.github.zerotrust.keycloak.fido;

import java.util.Locale;
import java.util.Optional;

/** A FIDO Alliance authenticator certification level, in increasing order of assurance. */
public enum CertificationLevel {
    NONE("not certified"), L1("L1"), L1_PLUS("L1+"), L2("L2"), L2_PLUS("L2+"), L3("L3"), L3_PLUS("L3+");

    private final String label;

    CertificationLevel(String label) {
        this.label = label;
    }

    /** How admins and users read it: {@code L1+}, or "not certified". */
    public String label() {
        return label;
    }

    public boolean isAtLeast(CertificationLevel other) {
        return compareTo(other) >= 0;
    }

    /**
     * An admin's spelling: {@code L2}, {@code l2+}, {@code L2_PLUS}, {@code L2plus} or {@code none}.
     * Anything else is empty.
     */
    public static Optional<CertificationLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toUpperCase(Locale.ROOT).replace("+", "_PLUS").replace("PLUS", "_PLUS")
                .replace("__", "_");
        for (CertificationLevel level : values()) {
            if (level.name().equals(t)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /**
     * The level an MDS3 status report certifies, or empty for any other status. The deprecated
     * {@code FIDO_CERTIFIED} (no level) meant L1.
     */
    static Optional<CertificationLevel> certifiedBy(String status) {
        return Optional.ofNullable(switch (status == null ? "" : status) {
            case "FIDO_CERTIFIED", "FIDO_CERTIFIED_L1" -> L1;
            case "FIDO_CERTIFIED_L1plus" -> L1_PLUS;
            case "FIDO_CERTIFIED_L2" -> L2;
            case "FIDO_CERTIFIED_L2plus" -> L2_PLUS;
            case "FIDO_CERTIFIED_L3" -> L3;
            case "FIDO_CERTIFIED_L3plus" -> L3_PLUS;
            default -> null;
        });
    }
}
