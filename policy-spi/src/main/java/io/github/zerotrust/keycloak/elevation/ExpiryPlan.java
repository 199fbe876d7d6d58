package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What one run of the expiry task has to do, worked out from the stored elevations and requests alone, so that
 * whichever node runs it (and however late) does the same: expire what is due, tell users whose elevation ends
 * soon, lapse unanswered requests. The glue applies each item with {@link Elevation#expire},
 * {@link Elevation#withEndingSoonNotified} and {@link ElevationRequest#lapse}, taking the roles away and
 * revoking as it goes.
 *
 * @param expire     ACTIVE elevations at or past their end, the longest overdue first
 * @param endingSoon ACTIVE elevations within the notice window, not yet notified
 * @param lapse      PENDING requests at or past their lapse time, oldest first
 */
public record ExpiryPlan(List<Elevation> expire, List<Elevation> endingSoon, List<ElevationRequest> lapse) {

    public ExpiryPlan {
        expire = List.copyOf(expire);
        endingSoon = List.copyOf(endingSoon);
        lapse = List.copyOf(lapse);
    }

    /**
     * The plan at {@code now}. An elevation gets the ending-soon notice from {@code endingSoon} before its end, once,
     * and only if it was granted before that point: one granted for less than the window is short by choice.
     * A zero window sends no notices; an elevation already due gets none either (it ends in this run).
     */
    public static ExpiryPlan at(Instant now, Collection<Elevation> elevations, Collection<ElevationRequest> requests,
                                Duration endingSoon) {
        List<Elevation> expire = elevations.stream().filter(e -> e.isDue(now))
                .sorted(Comparator.comparing(Elevation::end)).toList();
        List<Elevation> notify = endingSoon.isZero() || endingSoon.isNegative() ? List.of() : elevations.stream()
                .filter(e -> e.isActive(now) && !e.endingSoonNotified())
                .filter(e -> {
                    Instant noticeAt = e.end().minus(endingSoon);
                    return !now.isBefore(noticeAt) && e.start().isBefore(noticeAt);
                })
                .sorted(Comparator.comparing(Elevation::end)).toList();
        List<ElevationRequest> lapse = requests.stream().filter(r -> r.isDueToLapse(now))
                .sorted(Comparator.comparing(ElevationRequest::lapsesAt)).toList();
        return new ExpiryPlan(expire, notify, lapse);
    }

    public boolean isEmpty() {
        return expire.isEmpty() && endingSoon.isEmpty() && lapse.isEmpty();
    }
}
