package io.github.zerotrust.keycloak.elevation;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A role held just in time: from {@code start} until {@code end}, then taken away by the expiry task. Immutable;
 * each change returns the next state or refuses with an {@link ElevationException}.
 *
 * <p>An extension is a new window from now, of at most the eligibility's maximum duration (as in Entra PIM), and
 * it goes through the {@link ActivationPolicy} like an activation: justification, ticket, step-up, and approval
 * again when the eligibility requires it. It must end later than the elevation does now; the start, id and
 * original justification stay (the glue records each extension in the history).
 *
 * @param approvers          who approved it (and its extensions), in order; empty when granted without approval
 * @param requestId          the request it started from, if it needed approval
 * @param status             ACTIVE until the expiry task or the user closes it; an ACTIVE elevation past its end
 *                           is due ({@link #isDue}) and still holds the role until then
 * @param endingSoonNotified the user was told it ends soon (reset by an extension)
 * @param extensions         how often it was extended; at most {@value #MAX_EXTENSIONS}, and never to more than
 *                           {@value #MAX_CHAIN_FACTOR} times the eligibility's maximum duration from {@code start}
 */
public record Elevation(RecordId id, RecordId eligibilityId, String userId, RoleRef role, Instant start, Instant end,
                        List<String> approvers, Optional<RecordId> requestId, String justification,
                        Optional<String> ticket, Status status, boolean endingSoonNotified, int extensions) {

    public enum Status { ACTIVE, EXPIRED, DEACTIVATED }

    /** Extensions of one elevation at most: after that, the user activates again (and is judged afresh). */
    public static final int MAX_EXTENSIONS = 3;
    /** An elevation and its extensions last at most this many times the eligibility's maximum duration in all. */
    public static final int MAX_CHAIN_FACTOR = 3;

    /** As stored before extensions were counted: none counted yet. */
    public Elevation(RecordId id, RecordId eligibilityId, String userId, RoleRef role, Instant start, Instant end,
                     List<String> approvers, Optional<RecordId> requestId, String justification,
                     Optional<String> ticket, Status status, boolean endingSoonNotified) {
        this(id, eligibilityId, userId, role, start, end, approvers, requestId, justification, ticket, status,
                endingSoonNotified, 0);
    }

    public Elevation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eligibilityId, "eligibilityId");
        Objects.requireNonNull(role, "role");
        approvers = List.copyOf(approvers);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(justification, "justification");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(status, "status");
        if (!FreeText.isName(userId, Principal.MAX_ID_LENGTH) || end.isBefore(start) || extensions < 0) {
            throw new IllegalArgumentException("An elevation has a user and does not end before it starts.");
        }
    }

    /** The elevation a granted activation starts. */
    public static Elevation start(RecordId id, Activation granted) {
        requireGranted(granted);
        Eligibility eligibility = granted.eligibility().orElseThrow();
        ActivationRequest ask = granted.request();
        return new Elevation(id, eligibility.id(), granted.userId(), ask.role(), granted.decidedAt(),
                granted.end().orElseThrow(), List.of(), Optional.empty(), ask.justification(), ask.ticket(),
                Status.ACTIVE, false);
    }

    /**
     * The elevation an approved request starts, now. The eligibility is checked again (it may have been edited,
     * ended or taken away while approvers answered) and cuts the window as at activation. An approved extension of
     * an elevation that ended meanwhile starts a new elevation this way.
     */
    public static Elevation start(RecordId id, ElevationRequest approved, Eligibility eligibility, Actor requester,
                                  Instant now) {
        Instant end = approvedEnd(approved, eligibility, requester, now);
        ActivationRequest ask = approved.ask();
        return new Elevation(id, eligibility.id(), requester.userId(), ask.role(), now, end, approved.approverIds(),
                Optional.of(approved.id()), ask.justification(), ask.ticket(), Status.ACTIVE, false);
    }

    /** Holds the role now: ACTIVE, started, not yet at its end (the end itself is outside). */
    public boolean isActive(Instant now) {
        return status == Status.ACTIVE && !now.isBefore(start) && now.isBefore(end);
    }

    /** Due for the expiry task: still ACTIVE at or after its end. */
    public boolean isDue(Instant now) {
        return status == Status.ACTIVE && !now.isBefore(end);
    }

    /** Ended early by its user (or an admin): it ends now. */
    public Elevation deactivate(Instant now) {
        if (!isActive(now)) {
            throw new ElevationException(Refusal.NOT_ACTIVE, "the elevation is not active");
        }
        return new Elevation(id, eligibilityId, userId, role, start, now, approvers, requestId, justification, ticket,
                Status.DEACTIVATED, endingSoonNotified, extensions);
    }

    /**
     * The same elevation ending earlier, at {@code newEnd} (its eligibility now ends then); at once if that is not
     * after {@code now}.
     */
    public Elevation cutTo(Instant newEnd, Instant now) {
        if (!isActive(now)) {
            throw new ElevationException(Refusal.NOT_ACTIVE, "the elevation is not active");
        }
        if (!newEnd.isAfter(now)) {
            return deactivate(now);
        }
        Instant cut = newEnd.isBefore(end) ? newEnd : end;
        return new Elevation(id, eligibilityId, userId, role, start, cut, approvers, requestId, justification, ticket,
                status, endingSoonNotified, extensions);
    }

    /** Ended on time, by the expiry task. */
    public Elevation expire(Instant now) {
        if (status != Status.ACTIVE) {
            throw new ElevationException(Refusal.NOT_ACTIVE, "the elevation is " + status);
        }
        if (now.isBefore(end)) {
            throw new ElevationException(Refusal.NOT_DUE, "the elevation ends at " + end);
        }
        return new Elevation(id, eligibilityId, userId, role, start, end, approvers, requestId, justification, ticket,
                Status.EXPIRED, endingSoonNotified, extensions);
    }

    /** Marks the ending-soon notice as sent, so that the next run of the expiry task does not send it again. */
    public Elevation withEndingSoonNotified() {
        return new Elevation(id, eligibilityId, userId, role, start, end, approvers, requestId, justification, ticket,
                status, true, extensions);
    }

    /** Extended by a granted activation for the same user and role (an eligibility without approval). */
    public Elevation extend(Activation granted) {
        requireGranted(granted);
        Instant newEnd = granted.end().orElseThrow();
        Eligibility eligibility = granted.eligibility().orElseThrow();
        checkExtension(granted.userId(), granted.request().role(), newEnd, granted.decidedAt(), eligibility.maxDuration());
        return extended(eligibility.id(), newEnd, List.of());
    }

    /** Extended by an approved extension request, now. */
    public Elevation extend(ElevationRequest approved, Eligibility eligibility, Actor requester, Instant now) {
        if (!approved.extending().equals(Optional.of(id))) {
            throw new ElevationException(Refusal.NOT_AN_EXTENSION, "the request does not extend this elevation");
        }
        Instant newEnd = approvedEnd(approved, eligibility, requester, now);
        checkExtension(requester.userId(), approved.ask().role(), newEnd, now, eligibility.maxDuration());
        return extended(eligibility.id(), newEnd, approved.approverIds());
    }

    /** Also that the chain stays within {@link #MAX_EXTENSIONS} and {@link #MAX_CHAIN_FACTOR} × {@code maxDuration}. */
    void checkExtension(String byUser, RoleRef forRole, Instant newEnd, Instant now, java.time.Duration maxDuration) {
        if (!userId.equals(byUser) || !role.equals(forRole)) {
            throw new ElevationException(Refusal.NOT_AN_EXTENSION, "an extension is for the same user and role");
        }
        if (!isActive(now)) {
            throw new ElevationException(Refusal.NOT_ACTIVE, "the elevation is not active");
        }
        if (!newEnd.isAfter(end)) {
            throw new ElevationException(Refusal.NOT_AN_EXTENSION, "an extension ends later than " + end);
        }
        if (extensions >= MAX_EXTENSIONS) {
            throw new ElevationException(Refusal.EXTENSION_LIMIT, "extended " + extensions + " times already");
        }
        if (java.time.Duration.between(start, newEnd).compareTo(maxDuration.multipliedBy(MAX_CHAIN_FACTOR)) > 0) {
            throw new ElevationException(Refusal.EXTENSION_LIMIT, "it would last longer than " + MAX_CHAIN_FACTOR
                    + " times the eligibility's maximum in all");
        }
    }

    private Elevation extended(RecordId underEligibility, Instant newEnd, List<String> moreApprovers) {
        Set<String> allApprovers = new LinkedHashSet<>(approvers);
        allApprovers.addAll(moreApprovers);
        return new Elevation(id, underEligibility, userId, role, start, newEnd, List.copyOf(allApprovers), requestId,
                justification, ticket, status, false, extensions + 1);
    }

    private static Instant approvedEnd(ElevationRequest approved, Eligibility eligibility, Actor requester,
                                       Instant now) {
        if (approved.state() != ElevationRequest.State.APPROVED) {
            throw new ElevationException(Refusal.NOT_APPROVED, "the request is " + approved.state());
        }
        if (!approved.eligibilityId().equals(eligibility.id()) || !approved.requesterId().equals(requester.userId())) {
            throw new IllegalArgumentException("Request " + approved.id() + " was made by another user or under another eligibility.");
        }
        if (!eligibility.role().equals(approved.ask().role()) || !eligibility.appliesTo(requester)) {
            throw new ElevationException(Refusal.NOT_ELIGIBLE, "the eligibility no longer covers this user and role");
        }
        if (eligibility.hasEnded(now)) {
            throw new ElevationException(Refusal.ELIGIBILITY_ENDED, "the eligibility has ended");
        }
        return eligibility.endOfActivation(now, approved.ask().duration());
    }

    private static void requireGranted(Activation activation) {
        if (!activation.isGranted()) {
            throw new IllegalArgumentException("Only a granted activation starts or extends an elevation, not "
                    + activation.outcome());
        }
    }
}
