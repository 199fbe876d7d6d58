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

    /**
     * Whether this meets a step-up: strong enough and at most {@code maxAge} old (exactly {@code maxAge} counts).
     * A time slightly after {@code now} is another node's clock and counts as fresh.
     */
    public boolean meets(Strength demanded, Duration maxAge, Instant now) {
        return strength.satisfies(demanded) && Duration.between(at, now).compareTo(maxAge) <= 0;
    }
}
