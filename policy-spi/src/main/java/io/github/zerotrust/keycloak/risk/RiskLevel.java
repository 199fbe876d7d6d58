package io.github.zerotrust.keycloak.risk;

import java.util.Locale;
import java.util.Optional;

/** The band a risk score falls in; conditions in the flow compare against it. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH;

    /** Case-insensitive name; anything else, including null, is empty. */
    public static Optional<RiskLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toUpperCase(Locale.ROOT)) {
            case "LOW" -> Optional.of(LOW);
            case "MEDIUM" -> Optional.of(MEDIUM);
            case "HIGH" -> Optional.of(HIGH);
            default -> Optional.empty();
        };
    }

    public boolean atLeast(RiskLevel other) {
        return compareTo(other) >= 0;
    }
}
