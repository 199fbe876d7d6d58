package io.github.zerotrust.keycloak.device;

/**
 * A posture that cannot be read at all: invalid or oversized JSON, a field of the wrong type, a
 * malformed OS version, a date out of range, or something that is not a JSON object. Checked, because
 * the caller has to answer it (the registry endpoint with a 400 naming the problem, the MDM connector
 * by treating the device as unknown). The message names every problem in words the integrator can act on.
 */
public final class PostureException extends Exception {

    public PostureException(String message) {
        super(message);
    }

    public PostureException(String message, Throwable cause) {
        super(message, cause);
    }
}
