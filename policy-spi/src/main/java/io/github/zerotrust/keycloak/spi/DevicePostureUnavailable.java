package io.github.zerotrust.keycloak.spi;

/**
 * A posture source could not answer (timeout, error, bad credentials, unreadable answer). Also carries
 * a refused posture token: {@code refused} tells the caller that the device presented evidence that did
 * not verify, which is never failed open. The message is for logs and events: no tokens, no secrets.
 */
public final class DevicePostureUnavailable extends Exception {

    private final boolean refused;
    private final boolean failOpen;

    public DevicePostureUnavailable(String message, boolean refused) {
        super(message);
        this.refused = refused;
        this.failOpen = false;
    }

    public DevicePostureUnavailable(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param failOpen the source's admin chose to let sign-ins through while it is down (never for refused evidence) */
    public DevicePostureUnavailable(String message, Throwable cause, boolean failOpen) {
        super(message, cause);
        this.refused = false;
        this.failOpen = failOpen;
    }

    /** The source is down and its admin configured it to fail open: the sign-in goes on, logged, as an unmanaged device. */
    public boolean failOpen() {
        return failOpen;
    }

    /** The evidence was there and did not verify (forged, expired, wrong issuer): fail closed whatever the mode. */
    public boolean refused() {
        return refused;
    }
}
