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
    /**
     * A second factor was set up in the very session that asks: it cannot vouch for itself (someone with only the
     * password could have registered it). Sign in again in a later session.
     */
    NEW_FACTOR_IN_SESSION("new-factor-in-session"),
    /** The session is an admin's impersonation of the user: it never asks for, activates or approves anything. */
    IMPERSONATED("impersonated"),
    /** The token was issued to an app outside the realm's list of apps that may use elevations. */
    CLIENT_NOT_ALLOWED("client-not-allowed"),
    /** The session is restricted (an unmanaged device): it does not approve. */
    RESTRICTED_SESSION("restricted-session"),
    /** Nobody approves or denies their own request. */
    SELF_APPROVAL("self-approval"),
    NOT_AN_APPROVER("not-an-approver"),
    ALREADY_APPROVED("already-approved"),
    /** The request was already approved, denied, cancelled or lapsed. */
    NOT_PENDING("not-pending"),
    /** The request was not answered in time. */
    LAPSED("lapsed"),
    /** The user already waits for approvers for this role. */
    ALREADY_PENDING("already-pending"),
    /** The user already waits for as many requests as the realm allows. */
    TOO_MANY_PENDING("too-many-pending"),
    /** The approver group has fewer members (other than the requester) than approvals are needed. */
    NOT_ENOUGH_APPROVERS("not-enough-approvers"),
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
    /** Extended as often, or for as long in all, as an elevation may be: activate again later instead. */
    EXTENSION_LIMIT("extension-limit"),
    /**
     * A SAML app of the realm would receive the role (or a role it reaches): SAML assertions cannot be cut to an
     * elevation's end, so such a role is never elevated.
     */
    EXPOSED_TO_SAML("exposed-to-saml"),
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
