package io.github.zerotrust.keycloak.ssf;

import java.time.Duration;

/**
 * When a poller asks a transmitter again: after its interval while all is well; after a failure, the interval doubled
 * for each failure in a row, capped at {@link #CAP} (never below the interval), and up to a fifth earlier at random so
 * that the receivers of one transmitter that went down do not all come back in the same second.
 */
public final class PollBackOff {

    public static final Duration CAP = Duration.ofMinutes(15);
    /** The part of a delay the jitter may take away. */
    static final double JITTER = 0.2;

    private PollBackOff() {
    }

    /**
     * @param failures failures in a row (0: the last poll worked)
     * @param random   a number in [0, 1), the jitter's draw
     */
    public static Duration delay(Duration interval, int failures, double random) {
        if (failures <= 0) {
            return interval;
        }
        long base = interval.toMillis();
        long capped = Math.max(base, CAP.toMillis());
        long grown = failures >= 30 ? capped : Math.min(capped, base << failures);
        long jitter = (long) (grown * JITTER * Math.min(Math.max(random, 0), 1));
        return Duration.ofMillis(Math.max(base, grown - jitter));
    }
}
