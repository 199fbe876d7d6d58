package io.github.zerotrust.keycloak.fido;

import java.util.List;
import java.util.Optional;

/**
 * Whether a credential passes the FIDO2 policy, and why not. The reasons are for admins and events
 * (each starts with a stable name, e.g. {@code aaguid-denied: ...}); the message key picks the page
 * text the user sees.
 *
 * @param messageKey empty when allowed; otherwise {@link #NOT_ALLOWED}, {@link #COMPROMISED} or
 *                   {@link #NOT_CERTIFIED}
 */
public record AuthenticatorVerdict(boolean allowed, List<String> reasons, Optional<String> messageKey) {

    /** Lists, attestation or missing metadata: this kind of authenticator is not accepted here. */
    public static final String NOT_ALLOWED = "ztFidoNotAllowed";
    /** The model is reported compromised: the user has to replace it. */
    public static final String COMPROMISED = "ztFidoCompromised";
    /** The model is not certified, or not at the level required. */
    public static final String NOT_CERTIFIED = "ztFidoNotCertified";

    private static final AuthenticatorVerdict ALLOWED = new AuthenticatorVerdict(true, List.of(), Optional.empty());

    public AuthenticatorVerdict {
        reasons = List.copyOf(reasons);
        if (allowed != messageKey.isEmpty() || allowed != reasons.isEmpty()) {
            throw new IllegalArgumentException("A refusal has reasons and a message key; an allowed verdict neither.");
        }
    }

    public static AuthenticatorVerdict allow() {
        return ALLOWED;
    }

    public static AuthenticatorVerdict refuse(String messageKey, List<String> reasons) {
        return new AuthenticatorVerdict(false, reasons, Optional.of(messageKey));
    }

    /** The reason names alone ({@code aaguid-denied}, ...), for events and tests. */
    public List<String> reasonNames() {
        return reasons.stream().map(r -> r.indexOf(':') < 0 ? r : r.substring(0, r.indexOf(':'))).toList();
    }
}
