package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * That a user, or the members of a group, may activate one role just in time, and on what terms. Built by an
 * admin through {@link EligibilityDraft}, which lists every problem; the constructor refuses an invalid one with
 * {@link Refusal#INVALID_ELIGIBILITY} and the same problems, so no invalid eligibility exists anywhere.
 *
 * @param maxDuration           the longest activation, {@value #MIN_DURATION_MINUTES} minutes to 24 hours
 * @param justificationRequired an activation must say why
 * @param ticketPattern         a regular expression a ticket must match in full, at most
 *                              {@value #MAX_TICKET_PATTERN_LENGTH} characters
 * @param approvalsRequired     distinct approvers needed, 0 to {@value #MAX_APPROVALS}; 0 grants at once
 * @param approverGroup         the group whose members approve; required when approvals are
 * @param stepUp                the strength the user must have reached within {@code stepUpMaxAge} to activate
 * @param stepUpMaxAge          1 minute to 24 hours
 * @param endsAt                the eligibility ends at this instant; activations are cut to it
 */
public record Eligibility(RecordId id, Principal principal, RoleRef role, Duration maxDuration,
                          boolean justificationRequired, TicketMode ticketMode, Optional<String> ticketPattern,
                          int approvalsRequired, Optional<String> approverGroup, Strength stepUp,
                          Duration stepUpMaxAge, Optional<Instant> endsAt) {

    static final long MIN_DURATION_MINUTES = 5;
    public static final Duration MIN_DURATION = Duration.ofMinutes(MIN_DURATION_MINUTES);
    public static final Duration MAX_DURATION = Duration.ofHours(24);
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(1);
    public static final int MAX_APPROVALS = 10;
    public static final Strength DEFAULT_STEP_UP = Strength.MFA;
    public static final Duration MIN_STEP_UP_MAX_AGE = Duration.ofMinutes(1);
    public static final Duration MAX_STEP_UP_MAX_AGE = Duration.ofHours(24);
    public static final Duration DEFAULT_STEP_UP_MAX_AGE = Duration.ofMinutes(15);
    public static final int MAX_TICKET_PATTERN_LENGTH = 200;
    /** The latest end an eligibility may have: well inside what every clock and database column holds. */
    public static final Instant LATEST_END = Instant.parse("9999-12-31T23:59:59Z");
    /** The earliest: an end before it is a typing error, not a date. */
    public static final Instant EARLIEST_END = Instant.EPOCH;

    // Field names in problems, as the admin REST representation spells them.
    static final String ID = "id";
    static final String PRINCIPAL = "principal";
    static final String ROLE = "role";
    static final String MAX_DURATION_FIELD = "maxDuration";
    static final String TICKET_MODE = "ticketMode";
    static final String TICKET_PATTERN = "ticketPattern";
    static final String APPROVALS = "approvalsRequired";
    static final String APPROVER_GROUP = "approverGroup";
    static final String STEP_UP = "stepUp";
    static final String STEP_UP_MAX_AGE = "stepUpMaxAge";

    public Eligibility {
        Objects.requireNonNull(ticketPattern, TICKET_PATTERN);
        Objects.requireNonNull(approverGroup, APPROVER_GROUP);
        Objects.requireNonNull(endsAt, "endsAt");
        List<String> problems = problems(id, principal, role, maxDuration, ticketMode, ticketPattern.orElse(null),
                approvalsRequired, approverGroup.orElse(null), stepUp, stepUpMaxAge);
        endsAt.flatMap(Eligibility::endsAtProblem).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new ElevationException(Refusal.INVALID_ELIGIBILITY, problems);
        }
    }

    /** A draft with every default, for an admin to fill in. */
    public static EligibilityDraft draft() {
        return new EligibilityDraft();
    }

    public boolean appliesTo(Actor actor) {
        return principal.includes(actor);
    }

    /** Ended at {@code endsAt} itself: an eligibility ending at noon grants nothing at noon. */
    public boolean hasEnded(Instant now) {
        return endsAt.isPresent() && !now.isBefore(endsAt.get());
    }

    public boolean requiresApproval() {
        return approvalsRequired > 0;
    }

    /**
     * Whether a ticket matches the pattern in full; any ticket matches when there is no pattern. A
     * match that needs more than {@value #TICKET_MATCH_BUDGET} character reads (a backtracking
     * pattern) stops and does not match: the request is refused rather than a thread held.
     */
    public boolean ticketMatches(String ticket) {
        if (ticketPattern.isEmpty()) {
            return true;
        }
        try {
            return Pattern.compile(ticketPattern.get()).matcher(new BoundedText(ticket, TICKET_MATCH_BUDGET)).matches();
        } catch (BoundedText.Exhausted | StackOverflowError tooDeep) {
            return false;
        }
    }

    static final int TICKET_MATCH_BUDGET = 1_000_000;

    /**
     * The end of an activation of {@code duration} starting {@code now}: never longer than the maximum duration,
     * never after the eligibility's end. Cut rather than refused, as Entra does: asking for an hour when the
     * eligibility has forty minutes left grants forty minutes.
     */
    public Instant endOfActivation(Instant now, Duration duration) {
        Instant end = now.plus(duration.compareTo(maxDuration) > 0 ? maxDuration : duration);
        return endsAt.filter(end::isAfter).orElse(end);
    }

    /** Every problem, each starting with the field's name; empty when valid. Nulls are missing values. */
    static List<String> problems(RecordId id, Principal principal, RoleRef role, Duration maxDuration,
                                 TicketMode ticketMode, String ticketPattern, int approvalsRequired,
                                 String approverGroup, Strength stepUp, Duration stepUpMaxAge) {
        List<String> problems = new ArrayList<>();
        missing(problems, ID, id);
        missing(problems, PRINCIPAL, principal);
        missing(problems, ROLE, role);
        missing(problems, TICKET_MODE, ticketMode);
        missing(problems, STEP_UP, stepUp);
        if (maxDuration == null || maxDuration.compareTo(MIN_DURATION) < 0 || maxDuration.compareTo(MAX_DURATION) > 0) {
            problems.add(MAX_DURATION_FIELD + ": between 5 minutes and 24 hours");
        }
        if (stepUpMaxAge == null || stepUpMaxAge.compareTo(MIN_STEP_UP_MAX_AGE) < 0
                || stepUpMaxAge.compareTo(MAX_STEP_UP_MAX_AGE) > 0) {
            problems.add(STEP_UP_MAX_AGE + ": between 1 minute and 24 hours");
        }
        if (approvalsRequired < 0 || approvalsRequired > MAX_APPROVALS) {
            problems.add(APPROVALS + ": between 0 and " + MAX_APPROVALS);
        } else if (approvalsRequired > 0 && approverGroup == null) {
            problems.add(APPROVER_GROUP + ": required when approvals are");
        }
        if (approverGroup != null && !FreeText.isName(approverGroup, Principal.MAX_ID_LENGTH)) {
            problems.add(APPROVER_GROUP + ": a group id of 1 to " + Principal.MAX_ID_LENGTH + " printable characters");
        }
        if (ticketPattern != null) {
            patternProblem(ticketPattern).ifPresent(problems::add);
        }
        return problems;
    }

    /** An end before 1970 or after 9999 is a typing error, and no clock or column would hold it. */
    static Optional<String> endsAtProblem(Instant endsAt) {
        return endsAt.isBefore(EARLIEST_END) || endsAt.isAfter(LATEST_END)
                ? Optional.of("endsAt: between 1970 and the end of 9999") : Optional.empty();
    }

    private static void missing(List<String> problems, String field, Object value) {
        if (value == null) {
            problems.add(field + ": missing");
        }
    }

    private static Optional<String> patternProblem(String pattern) {
        if (pattern.isEmpty() || pattern.length() > MAX_TICKET_PATTERN_LENGTH) {
            return Optional.of(TICKET_PATTERN + ": 1 to " + MAX_TICKET_PATTERN_LENGTH + " characters");
        }
        try {
            Pattern.compile(pattern);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(TICKET_PATTERN + ": not a regular expression (" + e.getDescription() + ")");
        }
    }
}
