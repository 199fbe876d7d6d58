package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One strength the user's session reached, and when (Keycloak keeps one time per level of authentication).
 * The glue passes every level the session holds, so a fresh MFA satisfies an MFA step-up even when the
 * phishing-resistant sign-in was hours ago.
 */
public record RecentAuthentication(Strength strength, Instant at) {

    public RecentAuthentication {
        Objects.requireNonNull(strength, "strength");
        Objects.requireNonNull(at, "at");
    }

    /** How far ahead of {@code now} a time may be and still count: another node's clock, never more. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    /**
     * Whether this meets a step-up: strong enough and at most {@code maxAge} old (exactly {@code maxAge} counts).
     * A time up to {@link #CLOCK_SKEW} after {@code now} is another node's clock and counts; one further ahead is not
     * a time anything happened, and never counts (else it would stay fresh for ever).
     */
    public boolean meets(Strength demanded, Duration maxAge, Instant now) {
        return strength.satisfies(demanded) && !at.isAfter(now.plus(CLOCK_SKEW))
                && Duration.between(at, now).compareTo(maxAge) <= 0;
    }
}
