package io.github.zerotrust.keycloak.elevation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an eligibility's change does to an elevation started under it. An elevation never outlives the terms that
 * allowed it: gone, ended, or no longer covering this user and role, it ends now; ending earlier, it is cut to the
 * new end. A change that keeps covering the elevation (another approver group, a longer maximum) leaves it alone.
 *
 * @param newEnd for {@link Effect#CUT}, the elevation's new end
 */
public record EligibilityChange(Effect effect, Reason reason, Optional<Instant> newEnd) {

    public enum Effect { KEEP, END, CUT }

    /** Why an elevation ended or was cut; the ids go into events. */
    public enum Reason {
        NONE("none"),
        /** The eligibility was deleted. */
        DELETED("eligibility-deleted"),
        /** The eligibility's end came forward to now or before. */
        ENDED("eligibility-ended"),
        /** The eligibility no longer covers this user and role. */
        CHANGED("eligibility-changed");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private static final EligibilityChange KEEP = new EligibilityChange(Effect.KEEP, Reason.NONE, Optional.empty());

    public EligibilityChange {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(newEnd, "newEnd");
    }

    /**
     * @param after the eligibility as it is now; empty when it was deleted
     * @param user  the elevation's user with their groups now
     */
    public static EligibilityChange of(Elevation elevation, Optional<Eligibility> after, Actor user, Instant now) {
        if (!elevation.isActive(now)) {
            return KEEP;
        }
        if (after.isEmpty()) {
            return new EligibilityChange(Effect.END, Reason.DELETED, Optional.empty());
        }
        Eligibility eligibility = after.get();
        if (eligibility.hasEnded(now)) {
            return new EligibilityChange(Effect.END, Reason.ENDED, Optional.empty());
        }
        if (!eligibility.role().equals(elevation.role()) || !eligibility.appliesTo(user)) {
            return new EligibilityChange(Effect.END, Reason.CHANGED, Optional.empty());
        }
        Optional<Instant> cut = eligibility.endsAt().filter(end -> end.isBefore(elevation.end()));
        return cut.isPresent() ? new EligibilityChange(Effect.CUT, Reason.ENDED, cut) : KEEP;
    }
}
