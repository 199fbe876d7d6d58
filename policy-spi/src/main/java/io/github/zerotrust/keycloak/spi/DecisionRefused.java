package io.github.zerotrust.keycloak.spi;

/** A decision a channel sent back that cannot be taken; the reason id is stable ({@code bad-signature}, ...). */
public final class DecisionRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public DecisionRefused(String reason, String description) {
        // No stack trace: this answers a caller, it is not a fault to debug.
        super(description, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
