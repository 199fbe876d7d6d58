package io.github.zerotrust.keycloak.guest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the sponsor is to be told of a guest now, each once per end date: that access ends soon (within the realm's
 * notice days), and that it has ended (which is also when the guest's sessions end). A changed end date is a new
 * end: its notices are due again.
 */
public enum GuestNotice {
    ENDING_SOON("ending-soon"), ENDED("ended");

    private final String id;

    GuestNotice(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * @param endingSoonSent the end date the ending-soon notice was last sent for
     * @param endedSent      the end date access was last ended (and the sponsor told) for
     */
    public static Optional<GuestNotice> due(Guest guest, Instant now, GuestSettings settings, Optional<Instant> endingSoonSent,
                                            Optional<Instant> endedSent) {
        if (guest.endsAt().isEmpty()) {
            return Optional.empty();
        }
        Instant end = guest.endsAt().get();
        if (guest.ended(now)) {
            return endedSent.filter(end::equals).isPresent() ? Optional.empty() : Optional.of(ENDED);
        }
        if (settings.noticeDays() == 0 || endingSoonSent.filter(end::equals).isPresent()) {
            return Optional.empty();
        }
        return now.isBefore(end.minus(Duration.ofDays(settings.noticeDays()))) ? Optional.empty() : Optional.of(ENDING_SOON);
    }
}
