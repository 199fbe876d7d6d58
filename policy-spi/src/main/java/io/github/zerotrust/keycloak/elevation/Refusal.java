package io.github.zerotrust.keycloak.elevation;

/**
 * Why an activation, a request transition or an elevation change was refused. The ids are stable: the glue
 * returns them in REST errors and {@code zt_reason} event details, and admins' SIEM rules read them.
 */
public enum Refusal {
    /** No eligibility of this user (directly or through a group) for this role; also for roles that do not exist. */
    NOT_ELIGIBLE("not-eligible"),
    /** The user was eligible, but the eligibility has ended. */
    ELIGIBILITY_ENDED("eligibility-ended"),
    DURATION_NOT_POSITIVE("duration-not-positive"),
    /** Longer than the eligibility's maximum duration. */
    DURATION_TOO_LONG("duration-too-long"),
    JUSTIFICATION_MISSING("justification-missing"),
    JUSTIFICATION_TOO_LONG("justification-too-long"),
    /** Holds control characters (other than line breaks and tabs), bidirectional overrides or lone surrogates. */
    JUSTIFICATION_MALFORMED("justification-malformed"),
    TICKET_MISSING("ticket-missing"),
    /** Too long, unprintable characters, or not matching the eligibility's ticket pattern. */
    TICKET_MALFORMED("ticket-malformed"),
    /** The ticketing system says the ticket does not exist or is closed. */
    TICKET_NOT_OPEN("ticket-not-open"),
    /** The ticketing system could not be asked (down, slow, unreadable answer): fail closed. */
    TICKET_UNVERIFIED("ticket-unverified"),
    /** The session lacks a recent enough authentication of the required strength: step up, then ask again. */
    STEP_UP_REQUIRED("step-up-required"),
    /** Nobody approves or denies their own request. */
    SELF_APPROVAL("self-approval"),
    NOT_AN_APPROVER("not-an-approver"),
    ALREADY_APPROVED("already-approved"),
    /** The request was already approved, denied, cancelled or lapsed. */
    NOT_PENDING("not-pending"),
    /** The request was not answered in time. */
    LAPSED("lapsed"),
    /** Only the requester cancels a request. */
    NOT_REQUESTER("not-requester"),
    COMMENT_MISSING("comment-missing"),
    COMMENT_TOO_LONG("comment-too-long"),
    COMMENT_MALFORMED("comment-malformed"),
    /** An elevation starts only from an approved request. */
    NOT_APPROVED("not-approved"),
    /** The elevation has ended (or was closed) already. */
    NOT_ACTIVE("not-active"),
    /** An extension must be for the same user and role and end later than the elevation does now. */
    NOT_AN_EXTENSION("not-an-extension"),
    /** Expiring or lapsing before its time. */
    NOT_DUE("not-due"),
    /** An eligibility an admin wrote is invalid; {@link ElevationException#problems()} names each problem. */
    INVALID_ELIGIBILITY("invalid-eligibility"),
    /** A role is not {@code realm:<role>} or {@code client:<clientId>:<role>}. */
    MALFORMED_ROLE("malformed-role"),
    /** An id is not a UUID: tampered or mistyped, refused before any lookup. */
    MALFORMED_ID("malformed-id");

    private final String id;

    Refusal(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
