package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An eligibility as an admin writes it (admin REST, realm import): starts from the defaults, takes typed values
 * or the text forms, and lists every problem at once so that one 400 answer names them all. Not thread-safe;
 * one draft per request.
 */
public final class EligibilityDraft {

    private RecordId id;
    private Principal principal;
    private RoleRef role;
    private Duration maxDuration = Eligibility.DEFAULT_MAX_DURATION;
    private boolean justificationRequired = true;
    private TicketMode ticketMode = TicketMode.NONE;
    private String ticketPattern;
    private int approvalsRequired;
    private String approverGroup;
    private Strength stepUp = Eligibility.DEFAULT_STEP_UP;
    private Duration stepUpMaxAge = Eligibility.DEFAULT_STEP_UP_MAX_AGE;
    private Instant endsAt;
    /** Text values that did not parse, by field; their field then counts as set, not as missing. */
    private final Map<String, String> unreadable = new LinkedHashMap<>();

    EligibilityDraft() {
    }

    /** A draft holding an existing eligibility, for an update that changes some fields. */
    public static EligibilityDraft of(Eligibility e) {
        return new EligibilityDraft().id(e.id()).principal(e.principal()).role(e.role()).maxDuration(e.maxDuration())
                .justificationRequired(e.justificationRequired()).ticketMode(e.ticketMode())
                .ticketPattern(e.ticketPattern().orElse(null)).approvalsRequired(e.approvalsRequired())
                .approverGroup(e.approverGroup().orElse(null)).stepUp(e.stepUp()).stepUpMaxAge(e.stepUpMaxAge())
                .endsAt(e.endsAt().orElse(null));
    }

    public EligibilityDraft id(RecordId value) {
        id = value;
        return this;
    }

    public EligibilityDraft principal(Principal value) {
        principal = value;
        return this;
    }

    public EligibilityDraft role(RoleRef value) {
        unreadable.remove(Eligibility.ROLE);
        role = value;
        return this;
    }

    /** {@code realm:<role>} or {@code client:<clientId>:<role>}. */
    public EligibilityDraft role(String text) {
        Optional<RoleRef> parsed = RoleRef.parse(text);
        role(parsed.orElse(null));
        return unreadableIf(parsed.isEmpty() && text != null, Eligibility.ROLE, "not realm:<role> or client:<clientId>:<role>");
    }

    public EligibilityDraft maxDuration(Duration value) {
        maxDuration = value;
        return this;
    }

    public EligibilityDraft justificationRequired(boolean value) {
        justificationRequired = value;
        return this;
    }

    public EligibilityDraft ticketMode(TicketMode value) {
        unreadable.remove(Eligibility.TICKET_MODE);
        ticketMode = value;
        return this;
    }

    /** {@code none}, {@code optional} or {@code required}. */
    public EligibilityDraft ticketMode(String text) {
        Optional<TicketMode> parsed = TicketMode.parse(text);
        ticketMode(parsed.orElse(null));
        return unreadableIf(parsed.isEmpty() && text != null, Eligibility.TICKET_MODE, "none, optional or required");
    }

    /** Blank or null for none. */
    public EligibilityDraft ticketPattern(String value) {
        ticketPattern = value == null || value.isBlank() ? null : value;
        return this;
    }

    public EligibilityDraft approvalsRequired(int value) {
        approvalsRequired = value;
        return this;
    }

    /** Blank or null for none. */
    public EligibilityDraft approverGroup(String groupId) {
        approverGroup = groupId == null || groupId.isBlank() ? null : groupId;
        return this;
    }

    public EligibilityDraft stepUp(Strength value) {
        unreadable.remove(Eligibility.STEP_UP);
        stepUp = value;
        return this;
    }

    /** {@code none}, {@code mfa} or {@code phr}. */
    public EligibilityDraft stepUp(String text) {
        Optional<Strength> parsed = Strength.parse(text);
        stepUp(parsed.orElse(null));
        return unreadableIf(parsed.isEmpty() && text != null, Eligibility.STEP_UP, "none, mfa or phr");
    }

    public EligibilityDraft stepUpMaxAge(Duration value) {
        stepUpMaxAge = value;
        return this;
    }

    /** Null for an eligibility without end. */
    public EligibilityDraft endsAt(Instant value) {
        endsAt = value;
        return this;
    }

    /** Every problem, each starting with the field's name; empty when {@link #build} will succeed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        unreadable.forEach((field, problem) -> problems.add(field + ": " + problem));
        for (String problem : Eligibility.problems(id, principal, role, maxDuration, ticketMode, ticketPattern,
                approvalsRequired, approverGroup, stepUp, stepUpMaxAge)) {
            if (!unreadable.containsKey(problem.substring(0, problem.indexOf(':')))) {
                problems.add(problem);
            }
        }
        if (endsAt != null) {
            Eligibility.endsAtProblem(endsAt).ifPresent(problems::add);
        }
        return problems;
    }

    /** The eligibility, or {@link ElevationException} with {@link Refusal#INVALID_ELIGIBILITY} and {@link #problems()}. */
    public Eligibility build() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new ElevationException(Refusal.INVALID_ELIGIBILITY, problems);
        }
        return new Eligibility(id, principal, role, maxDuration, justificationRequired, ticketMode,
                Optional.ofNullable(ticketPattern), approvalsRequired, Optional.ofNullable(approverGroup), stepUp,
                stepUpMaxAge, Optional.ofNullable(endsAt));
    }

    private EligibilityDraft unreadableIf(boolean condition, String field, String problem) {
        if (condition) {
            unreadable.put(field, problem);
        }
        return this;
    }
}
