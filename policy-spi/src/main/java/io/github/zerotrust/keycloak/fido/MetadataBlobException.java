package io.github.zerotrust.keycloak.fido;

/**
 * A metadata BLOB that cannot be trusted: unreadable, wrongly signed or expired. Checked, because
 * the caller has to decide what to do without metadata; {@link Fido2Policy} then fails closed for
 * every rule that needs it. The message says what is wrong in words an admin can act on.
 */
public final class MetadataBlobException extends Exception {

    public MetadataBlobException(String message) {
        super(message);
    }

    public MetadataBlobException(String message, Throwable cause) {
        super(message, cause);
    }
}
