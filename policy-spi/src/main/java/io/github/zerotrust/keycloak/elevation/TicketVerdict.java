package io.github.zerotrust.keycloak.elevation;

/** What a ticketing system says of a ticket reference an activation names. */
public enum TicketVerdict {
    /** The ticket exists and is open: the activation may go on. */
    OPEN,
    /** It does not exist, or it is closed: refused ({@link Refusal#TICKET_NOT_OPEN}). */
    NOT_OPEN,
    /** The system could not say (down, slow, an answer it cannot read): refused ({@link Refusal#TICKET_UNVERIFIED}). */
    UNAVAILABLE;

    /** The refusal this verdict comes to, or null for {@link #OPEN}. */
    public Refusal refusal() {
        return switch (this) {
            case OPEN -> null;
            case NOT_OPEN -> Refusal.TICKET_NOT_OPEN;
            case UNAVAILABLE -> Refusal.TICKET_UNVERIFIED;
        };
    }
}
