package io.github.zerotrust.keycloak.ssf;

import java.util.Locale;

/** The error codes of RFC 8935 §2.4 a push receiver answers with: the {@code err} member of a 400 (or 401). */
public enum SetError {
    /** The body is not a SET, or a claim fails a check (type, time, replay, size). */
    INVALID_REQUEST,
    /** The signature, its algorithm or its key is not acceptable. */
    INVALID_KEY,
    /** {@code iss} is not the transmitter's. */
    INVALID_ISSUER,
    /** {@code aud} does not name this receiver. */
    INVALID_AUDIENCE,
    /** The push request did not carry the transmitter's credential. */
    AUTHENTICATION_FAILED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
