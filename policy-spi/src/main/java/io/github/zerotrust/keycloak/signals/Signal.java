package io.github.zerotrust.keycloak.signals;

import java.util.Objects;

/**
 * A change that may invalidate sessions: what changed, about whom, and who said so. {@code source} is
 * {@code keycloak} (the realm's own events), {@code zero-trust} (the suite's own decisions), {@code admin}
 * (a containment call) or {@code ssf:<issuer>} (a Shared Signals transmitter); it is recorded, never trusted
 * for more than its transmitter's configuration allows.
 */
public record Signal(Trigger trigger, Subject subject, String source) {

    public static final String KEYCLOAK = "keycloak";
    public static final String ZERO_TRUST = "zero-trust";
    public static final String ADMIN = "admin";
    private static final String SSF_PREFIX = "ssf:";

    public Signal {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(subject, "subject");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source is required");
        }
    }

    public static String fromTransmitter(String issuer) {
        return SSF_PREFIX + issuer;
    }

    /** The bounded metric label of the source: the issuer itself is in the event, not in a label. */
    public String sourceKind() {
        return source.startsWith(SSF_PREFIX) ? "ssf" : source;
    }
}
