package io.github.zerotrust.keycloak.risk;

import java.util.Locale;
import java.util.Optional;

/**
 * How much danger the device's own security tooling reports, in increasing order. The device
 * issue fills it in; until then a sign-in simply has none.
 */
public enum DeviceThreat {
    CLEAR, LOW, MEDIUM, HIGH;

    /** Case-insensitive name; anything else is empty. */
    public static Optional<DeviceThreat> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "CLEAR" -> Optional.of(CLEAR);
            case "LOW" -> Optional.of(LOW);
            case "MEDIUM" -> Optional.of(MEDIUM);
            case "HIGH" -> Optional.of(HIGH);
            default -> Optional.empty();
        };
    }

    public boolean atLeast(DeviceThreat other) {
        return compareTo(other) >= 0;
    }
}
