package io.github.zerotrust.keycloak.authn.outbound;

import java.io.IOException;

/** The operator's rules do not allow this call; nothing was sent. Callers fail as when the far side is down. */
public final class OutboundRefused extends IOException {

    private static final long serialVersionUID = 1L;
    private final String reason;

    OutboundRefused(String reason, String detail) {
        super("outbound call refused (" + reason + "): " + detail);
        this.reason = reason;
    }

    /** A stable id: {@code host-not-allowed}, {@code not-https}, {@code private-address}, ... */
    public String reason() {
        return reason;
    }
}
