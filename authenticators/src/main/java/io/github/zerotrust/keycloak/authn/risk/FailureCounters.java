package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Duration;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Failed sign-ins per user and per source within the failure-velocity window, in Keycloak's clustered single-use
 * object store, so every node counts the same failures and none is lost when they arrive at once.
 *
 * <p>A count is never read, added to and written back (parallel failures would each write the same next value):
 * each failure claims a numbered slot with the store's atomic {@code putIfAbsent}, the first free one, so N failures
 * claim N slots whatever their timing, on any node. Slots live in fixed windows: a window's slots are claimed from 1
 * upwards and all expire together after the next window, so the claimed slots of a window are always 1..n and n is
 * found with a handful of lookups. A count is the current window's and the previous one's: every failure of the
 * last window, and none older than two.
 *
 * <p>A source is the address (IPv4, also when it arrives IPv4-mapped) or an IPv6 address's /64, which one client
 * holds whole ({@link ClientAddress#subscriberNetwork()}): a fresh address for each attempt is still one source.
 */
final class FailureCounters {

    /** The highest thresholds {@code RiskSettings} accepts: counting further cannot change a verdict. */
    static final int MAX_USER_COUNT = 1_000;
    static final int MAX_SOURCE_COUNT = 100_000;
    /** Slots outlive their last reading by this much, for clocks of nodes that differ by seconds. */
    static final long EXPIRY_MARGIN_SECONDS = 60;

    /** Where slots are claimed: Keycloak's single-use store, or a map in the tests. */
    interface Slots {

        /** Claims the slot for {@code lifespanSeconds} if nobody has; true when this call claimed it. */
        boolean claim(String key, long lifespanSeconds);

        boolean taken(String key);
    }

    private final Slots slots;
    private final Clock clock;
    private final int maxUserCount;
    private final int maxSourceCount;

    FailureCounters(KeycloakSession session) {
        this(slots(session.singleUseObjects()), KeycloakClock.get(), MAX_USER_COUNT, MAX_SOURCE_COUNT);
    }

    FailureCounters(Slots slots, Clock clock, int maxUserCount, int maxSourceCount) {
        this.slots = slots;
        this.clock = clock;
        this.maxUserCount = maxUserCount;
        this.maxSourceCount = maxSourceCount;
    }

    private static Slots slots(SingleUseObjectProvider store) {
        return new Slots() {
            @Override
            public boolean claim(String key, long lifespanSeconds) {
                return store.putIfAbsent(key, lifespanSeconds);
            }

            @Override
            public boolean taken(String key) {
                return store.contains(key);
            }
        };
    }

    int ofUser(String realmId, String userId, Duration window) {
        return count(userKey(realmId, userId), window, maxUserCount);
    }

    /** Counted by the source the address belongs to: kept minutes in memory, never in the history. */
    int ofSource(String realmId, ClientAddress address, Duration window) {
        return address == null ? 0 : count(sourceKey(realmId, address), window, maxSourceCount);
    }

    void failedForUser(String realmId, String userId, Duration window) {
        record(userKey(realmId, userId), window, maxUserCount);
    }

    void failedFrom(String realmId, ClientAddress address, Duration window) {
        if (address != null) {
            record(sourceKey(realmId, address), window, maxSourceCount);
        }
    }

    private int count(String counter, Duration window, int max) {
        long seconds = seconds(window);
        long current = Math.floorDiv(clock.instant().getEpochSecond(), seconds);
        long total = (long) claimed(counter + "." + current, max) + claimed(counter + "." + (current - 1), max);
        return (int) Math.min(total, max);
    }

    private void record(String counter, Duration window, int max) {
        long seconds = seconds(window);
        long now = clock.instant().getEpochSecond();
        long current = Math.floorDiv(now, seconds);
        String bucket = counter + "." + current;
        // Read after the next window, never again: all of this window's slots may go then, together.
        long lifespan = Math.max(1, (current + 2) * seconds - now + EXPIRY_MARGIN_SECONDS);
        // Past the slots known taken, each claim either wins or finds a slot another failure has just won.
        for (int slot = claimed(bucket, max) + 1; slot <= max; slot++) {
            if (slots.claim(bucket + "." + slot, lifespan)) {
                return;
            }
        }
    }

    /** The highest claimed slot of a window; its slots are claimed from 1 without gaps, so a search finds it. */
    private int claimed(String bucket, int max) {
        if (!slots.taken(bucket + ".1")) {
            return 0;
        }
        int taken = 1;
        int free = max + 1;
        for (int probe = 2; probe <= max; probe *= 2) {
            if (!slots.taken(bucket + "." + probe)) {
                free = probe;
                break;
            }
            taken = probe;
        }
        while (free - taken > 1) {
            int middle = (taken + free) >>> 1;
            if (slots.taken(bucket + "." + middle)) {
                taken = middle;
            } else {
                free = middle;
            }
        }
        return taken;
    }

    private static long seconds(Duration window) {
        return Math.max(1, window.toSeconds());
    }

    private static String userKey(String realmId, String userId) {
        return "zt.fail.user." + realmId + "." + userId;
    }

    private static String sourceKey(String realmId, ClientAddress address) {
        return "zt.fail.source." + realmId + "." + address.subscriberNetwork();
    }
}
