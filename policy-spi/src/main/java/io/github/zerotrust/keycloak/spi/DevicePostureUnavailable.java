package io.github.zerotrust.keycloak.spi;

/**
 * A posture source could not answer (timeout, error, bad credentials, unreadable answer). Also carries
 * a refused posture token: {@code refused} tells the caller that the device presented evidence that did
 * not verify, which is never failed open. The message is for logs and events: no tokens, no secrets.
 */
public final class DevicePostureUnavailable extends Exception {

    private final boolean refused;

    public DevicePostureUnavailable(String message, boolean refused) {
        super(message);
        this.refused = refused;
    }

    public DevicePostureUnavailable(String message, Throwable cause) {
        super(message, cause);
        this.refused = false;
    }

    /** The evidence was there and did not verify (forged, expired, wrong issuer): fail closed whatever the mode. */
    public boolean refused() {
        return refused;
    }
}
