package io.github.zerotrust.keycloak.guest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The terms an admin sets for a guest: who sponsors him and when his access ends. {@link #check} says everything
 * wrong with a request at once ("field: reason"), so an admin fixes it in one go; only terms without problems are
 * written.
 *
 * @param sponsorId the sponsor's user id
 * @param endsAt    when access ends
 */
public record GuestTerms(String sponsorId, Instant endsAt) {

    public static final String SPONSOR = "sponsor";
    public static final String ENDS_AT = "endsAt";

    public GuestTerms {
        Objects.requireNonNull(sponsorId, "sponsorId");
        Objects.requireNonNull(endsAt, "endsAt");
    }

    /** What the shell found of the named sponsor: the core does not look users up. */
    public enum Sponsor {
        /** A member of the organisation, other than the guest. */
        FOUND,
        /** Not named. */
        MISSING,
        /** No such user in the realm (or one the admin may not see). */
        UNKNOWN,
        /** Another guest: a guest cannot answer for a guest. */
        GUEST,
        /** The guest himself. */
        SELF,
        /** A disabled account or a service account: nobody would read the notices. */
        NOT_A_PERSON
    }

    /**
     * The terms, or every problem with them.
     *
     * @param endsAtText the end as sent (ISO-8601, e.g. {@code 2027-03-31T17:00:00Z}), or null
     */
    public static Checked check(Sponsor sponsor, String sponsorId, String endsAtText, Instant now, GuestSettings settings) {
        List<String> problems = new ArrayList<>();
        switch (sponsor) {
            case MISSING -> problems.add(SPONSOR + ": name the sponsor's user id");
            case UNKNOWN -> problems.add(SPONSOR + ": no such user in this realm");
            case GUEST -> problems.add(SPONSOR + ": a guest cannot sponsor a guest");
            case SELF -> problems.add(SPONSOR + ": a guest cannot sponsor himself");
            case NOT_A_PERSON -> problems.add(SPONSOR + ": a disabled account or a service account cannot sponsor");
            case FOUND -> { }
        }
        Optional<Instant> end = Optional.empty();
        if (endsAtText == null || endsAtText.isBlank()) {
            problems.add(ENDS_AT + ": give the end of access as an ISO-8601 instant, e.g. 2027-03-31T17:00:00Z");
        } else {
            try {
                end = Optional.of(Instant.parse(endsAtText.strip()));
            } catch (DateTimeParseException e) {
                problems.add(ENDS_AT + ": not an ISO-8601 instant such as 2027-03-31T17:00:00Z");
            }
        }
        if (end.isPresent()) {
            if (!end.get().isAfter(now)) {
                problems.add(ENDS_AT + ": it is in the past; access ends at a future time");
            } else if (end.get().isAfter(now.plus(Duration.ofDays(settings.maxDays())))) {
                problems.add(ENDS_AT + ": more than " + settings.maxDays() + " days ahead (" + GuestSettings.MAX_DAYS + ")");
            }
        }
        return problems.isEmpty() ? new Checked(Optional.of(new GuestTerms(sponsorId, end.get())), List.of())
                : new Checked(Optional.empty(), problems);
    }

    /** @param terms present exactly when {@code problems} is empty */
    public record Checked(Optional<GuestTerms> terms, List<String> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }
    }
}
