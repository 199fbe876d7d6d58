package io.github.zerotrust.keycloak.authn.elevation;

/** The {@code zt_*} event details of elevation steps; stored in events, see docs/ids.md. */
final class EventDetailsElevation {

    static final String ACTION = "zt_action";
    static final String ROLE = "zt_role";
    static final String ELEVATION = "zt_elevation";
    static final String REQUEST = "zt_request";
    static final String REQUESTER = "zt_requester";
    static final String DURATION = "zt_duration_minutes";
    static final String ENDS_AT = "zt_ends_at";
    static final String JUSTIFICATION = "zt_justification";
    static final String TICKET = "zt_ticket";
    static final String APPROVERS = "zt_approvers";
    static final String APPROVALS_NEEDED = "zt_approvals_needed";
    static final String COMMENT = "zt_comment";
    /** The approval channel a decision came through (e.g. {@code signed-webhook}); absent for the page and REST. */
    static final String CHANNEL = "zt_channel";
    /** The admin behind an impersonated session that was refused. */
    static final String IMPERSONATOR = "zt_impersonator";
    /** Why an elevation ended before its time: {@code ended-by-admin}, {@code eligibility-deleted}, ... */
    static final String END_REASON = "zt_end_reason";
    /** The admin who ended an elevation. */
    static final String ENDED_BY = "zt_ended_by";
    /** The kind of a new second factor ({@code otp}, {@code webauthn}, ...). */
    static final String CREDENTIAL_TYPE = "zt_credential_type";
    /** How long past its end an active elevation is, in seconds. */
    static final String OVERDUE_SECONDS = "zt_overdue_seconds";
    /** Why an elevation step went differently from the rules' own path (e.g. {@code unreadable-record}). */
    static final String PROBLEM = "zt_problem";

    private EventDetailsElevation() {
    }
}
