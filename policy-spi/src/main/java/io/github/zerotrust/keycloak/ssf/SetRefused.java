package io.github.zerotrust.keycloak.ssf;

/** A SET that is not accepted: the RFC 8935 code, and a sentence for the transmitter's operator and the event. */
public final class SetRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final SetError error;

    public SetRefused(SetError error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    public SetError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
