package io.github.zerotrust.keycloak.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a user without a second factor still has to set one up: it starts the first time the
 * MFA requirement meets them, not when the account was made, so switching the rule on does not
 * lock out everyone at once.
 *
 * @param started when the requirement first met the user
 * @param length  how long they have
 */
record MfaGrace(Instant started, Duration length) {

    /** Whole days left, rounded up: 3 days and 1 hour left is "4 days left"; 0 means over. */
    long daysLeft(Instant now) {
        Duration left = Duration.between(now, started.plus(length));
        if (left.isNegative() || left.isZero()) {
            return 0;
        }
        long days = left.toDays();
        return left.minusDays(days).isZero() ? days : days + 1;
    }

    boolean isOver(Instant now) {
        return daysLeft(now) == 0;
    }
}
