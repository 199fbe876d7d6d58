package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An activation waiting for approvers, and its history. Immutable: each transition checks who may make it and
 * returns the next state, or refuses with an {@link ElevationException}; the glue stores the result (with an
 * optimistic version, since two approvers may answer at once on two nodes). Once APPROVED, DENIED, CANCELLED or
 * LAPSED a request never changes again. Nobody answers their own request; one denial denies; the request is
 * approved when {@code approvalsRequired} distinct approvers have approved.
 *
 * @param ask               the cleaned activation request; its duration counts from the approval
 * @param approverGroup     copied from the eligibility when asked, so a later edit does not change who answers
 * @param extending         the elevation this request would extend, if it is an extension
 * @param lapsesAt          unanswered by then, the request lapses
 * @param denial            who denied it, for a DENIED request
 * @param closedAt          when it left PENDING (for a lapse: {@code lapsesAt})
 * @param eligibleApprovers the members of the approver group when the request was made (never the requester): only
 *                          they answer it, and only while they are still members, so nobody joins the group to
 *                          approve a request already waiting. A request stored without them (before this rule) is
 *                          answered by nobody and lapses.
 */
public record ElevationRequest(RecordId id, RecordId eligibilityId, String requesterId, ActivationRequest ask,
                               int approvalsRequired, String approverGroup, Optional<RecordId> extending,
                               Instant createdAt, Instant lapsesAt, State state, List<Answer> approvals,
                               Optional<Answer> denial, Optional<Instant> closedAt, Set<String> eligibleApprovers) {

    public enum State {
        PENDING, APPROVED, DENIED, CANCELLED, LAPSED;

        public boolean isFinal() {
            return this != PENDING;
        }
    }

    /** One approver's approval or denial. */
    public record Answer(String userId, Instant at, Optional<String> comment) {
        public Answer {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(comment, "comment");
        }
    }

    public static final int MAX_COMMENT_LENGTH = 500;
    /** Approvers recorded with a request at most; a group larger than this is not an approver group. */
    public static final int MAX_ELIGIBLE_APPROVERS = 500;

    public ElevationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eligibilityId, "eligibilityId");
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(approverGroup, "approverGroup");
        Objects.requireNonNull(extending, "extending");
        Objects.requireNonNull(state, "state");
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(denial, "denial");
        Objects.requireNonNull(closedAt, "closedAt");
        eligibleApprovers = Set.copyOf(eligibleApprovers);
        if (eligibleApprovers.contains(requesterId) || eligibleApprovers.size() > MAX_ELIGIBLE_APPROVERS) {
            throw new IllegalArgumentException("A requester never approves their own request, and at most "
                    + MAX_ELIGIBLE_APPROVERS + " approvers are recorded.");
        }
        if (!FreeText.isName(requesterId, Principal.MAX_ID_LENGTH) || approvalsRequired < 1
                || approvalsRequired > Eligibility.MAX_APPROVALS || !lapsesAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("A request has a requester, 1 to " + Eligibility.MAX_APPROVALS
                    + " approvals required and lapses after it was made.");
        }
        if (approvals.stream().map(Answer::userId).distinct().count() != approvals.size()
                || approvals.stream().anyMatch(a -> a.userId().equals(requesterId))
                || (state == State.APPROVED) != (approvals.size() >= approvalsRequired)
                || (state == State.DENIED) != denial.isPresent() || state.isFinal() != closedAt.isPresent()) {
            throw new IllegalArgumentException("Inconsistent request " + id + ": " + state + " with "
                    + approvals.size() + " of " + approvalsRequired + " approvals.");
        }
    }

    /**
     * A pending request for an activation that needs approval, answerable by {@code approvers} (the approver group's
     * members now; the requester, if among them, is left out).
     *
     * @throws ElevationException {@link Refusal#NOT_ENOUGH_APPROVERS} when fewer than the approvals needed remain
     */
    public static ElevationRequest open(RecordId id, Activation activation, Duration lapseAfter, Set<String> approvers) {
        return open(id, activation, Optional.empty(), lapseAfter, approvers);
    }

    /**
     * A pending request to extend an active elevation: a new window of the asked duration from the approval,
     * which must end later than the elevation does (checked now, and again when it is applied).
     */
    public static ElevationRequest openExtension(RecordId id, Activation activation, Elevation extended,
                                                 Duration lapseAfter, Set<String> approvers) {
        Eligibility eligibility = activation.eligibility().orElseThrow();
        extended.checkExtension(activation.userId(), activation.request().role(),
                eligibility.endOfActivation(activation.decidedAt(), activation.request().duration()),
                activation.decidedAt(), eligibility.maxDuration());
        return open(id, activation, Optional.of(extended.id()), lapseAfter, approvers);
    }

    private static ElevationRequest open(RecordId id, Activation activation, Optional<RecordId> extending,
                                         Duration lapseAfter, Set<String> approvers) {
        if (!activation.needsApproval()) {
            throw new IllegalArgumentException("Only an activation that needs approval opens a request, not " + activation.outcome());
        }
        Eligibility eligibility = activation.eligibility().orElseThrow();
        Instant now = activation.decidedAt();
        Set<String> others = new LinkedHashSet<>(approvers);
        others.remove(activation.userId());
        if (others.size() < eligibility.approvalsRequired()) {
            throw new ElevationException(Refusal.NOT_ENOUGH_APPROVERS, "the approver group has " + others.size()
                    + " members besides the requester; " + eligibility.approvalsRequired() + " approvals are needed");
        }
        return new ElevationRequest(id, eligibility.id(), activation.userId(), activation.request(),
                eligibility.approvalsRequired(), eligibility.approverGroup().orElseThrow(), extending, now,
                now.plus(lapseAfter), State.PENDING, List.of(), Optional.empty(), Optional.empty(),
                others.stream().limit(MAX_ELIGIBLE_APPROVERS).collect(java.util.stream.Collectors.toSet()));
    }

    /** Whether an unanswered request is due to lapse: at {@code lapsesAt} itself it has. */
    public boolean isDueToLapse(Instant now) {
        return state == State.PENDING && !now.isBefore(lapsesAt);
    }

    public List<String> approverIds() {
        return approvals.stream().map(Answer::userId).toList();
    }

    /** One approval, with an optional comment; the last one needed makes the request APPROVED. */
    public ElevationRequest approve(Actor approver, String comment, Instant now) {
        Optional<String> text = checkAnswer(approver, comment, false, now);
        List<Answer> answers = new ArrayList<>(approvals);
        answers.add(new Answer(approver.userId(), now, text));
        boolean approved = answers.size() >= approvalsRequired;
        return with(approved ? State.APPROVED : State.PENDING, answers, Optional.empty(),
                approved ? Optional.of(now) : Optional.empty());
    }

    /** A denial, with a comment saying why; one denial is enough. */
    public ElevationRequest deny(Actor approver, String comment, Instant now) {
        Optional<String> text = checkAnswer(approver, comment, true, now);
        return with(State.DENIED, approvals, Optional.of(new Answer(approver.userId(), now, text)), Optional.of(now));
    }

    /** Withdrawn by the requester. */
    public ElevationRequest cancel(Actor requester, Instant now) {
        checkPending(now);
        if (!requester.userId().equals(requesterId)) {
            throw new ElevationException(Refusal.NOT_REQUESTER, "only the requester cancels a request");
        }
        return with(State.CANCELLED, approvals, Optional.empty(), Optional.of(now));
    }

    /** Closes a request nobody answered in time, as of its lapse time; the expiry task calls it. */
    public ElevationRequest lapse(Instant now) {
        if (state != State.PENDING) {
            throw new ElevationException(Refusal.NOT_PENDING, "the request is " + state);
        }
        if (now.isBefore(lapsesAt)) {
            throw new ElevationException(Refusal.NOT_DUE, "the request lapses at " + lapsesAt);
        }
        return with(State.LAPSED, approvals, Optional.empty(), Optional.of(lapsesAt));
    }

    private void checkPending(Instant now) {
        if (state != State.PENDING) {
            throw new ElevationException(Refusal.NOT_PENDING, "the request is " + state);
        }
        if (isDueToLapse(now)) {
            throw new ElevationException(Refusal.LAPSED, "the request lapsed at " + lapsesAt);
        }
    }

    private Optional<String> checkAnswer(Actor approver, String comment, boolean commentRequired, Instant now) {
        checkPending(now);
        if (approver.userId().equals(requesterId)) {
            throw new ElevationException(Refusal.SELF_APPROVAL, "nobody answers their own request");
        }
        if (!eligibleApprovers.contains(approver.userId()) || !approver.groupIds().contains(approverGroup)) {
            throw new ElevationException(Refusal.NOT_AN_APPROVER, "not an approver of this request (then and now)");
        }
        if (approverIds().contains(approver.userId())) {
            throw new ElevationException(Refusal.ALREADY_APPROVED, "each approver answers once");
        }
        FreeText.Cleaned cleaned = FreeText.clean(comment, MAX_COMMENT_LENGTH);
        switch (cleaned.check()) {
            case MALFORMED -> throw new ElevationException(Refusal.COMMENT_MALFORMED, "unprintable characters");
            case TOO_LONG -> throw new ElevationException(Refusal.COMMENT_TOO_LONG, "at most " + MAX_COMMENT_LENGTH + " characters");
            case OK -> {
                if (commentRequired && cleaned.text().isEmpty()) {
                    throw new ElevationException(Refusal.COMMENT_MISSING, "a denial says why");
                }
            }
        }
        return Optional.of(cleaned.text()).filter(t -> !t.isEmpty());
    }

    private ElevationRequest with(State next, List<Answer> answers, Optional<Answer> denied, Optional<Instant> closed) {
        return new ElevationRequest(id, eligibilityId, requesterId, ask, approvalsRequired, approverGroup, extending,
                createdAt, lapsesAt, next, answers, denied, closed, eligibleApprovers);
    }
}
