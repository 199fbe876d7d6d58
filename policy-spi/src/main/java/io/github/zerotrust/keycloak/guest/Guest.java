package io.github.zerotrust.keycloak.guest;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user from outside the organisation: a member of the realm's guests group, or a user linked to an identity
 * provider the realm marks as a partner's. A guest needs a sponsor (a member of the organisation who answers for
 * them) and an end date; past it, access ends.
 *
 * @param source      why the user is a guest
 * @param sponsorId   the sponsor's user id, if one is recorded
 * @param endsAt      when access ends, if recorded (an unreadable value counts as none)
 * @param protectedRecord whether the user cannot change the record himself (Keycloak's user profile keeps the
 *                    attributes read-only for him); a record he could edit proves nothing
 */
public record Guest(Source source, Optional<String> sponsorId, Optional<Instant> endsAt, boolean protectedRecord) {

    /** Why a user is a guest; the value goes into events and What-If answers. */
    public enum Source {
        GROUP("group"), PARTNER("partner");

        private final String id;

        Source(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Guest {
        Objects.requireNonNull(source, "source");
        sponsorId = sponsorId == null ? Optional.empty() : sponsorId.filter(s -> !s.isBlank());
        endsAt = endsAt == null ? Optional.empty() : endsAt;
    }

    /** Whether access has ended at {@code now}: the end date is recorded and reached. */
    public boolean ended(Instant now) {
        return endsAt.filter(end -> !now.isBefore(end)).isPresent();
    }

    /** What the record lacks before it can be trusted, or empty when it has a sponsor, an end date and is protected. */
    public Optional<String> missing() {
        if (!protectedRecord) {
            return Optional.of("a guest record the user could change himself");
        }
        if (sponsorId.isEmpty() && endsAt.isEmpty()) {
            return Optional.of("no sponsor and no end date");
        }
        if (sponsorId.isEmpty()) {
            return Optional.of("no sponsor");
        }
        return endsAt.isEmpty() ? Optional.of("no end date") : Optional.empty();
    }
}
