package io.github.zerotrust.keycloak.signals;

import java.util.Locale;

/**
 * What a signal does to sessions, tokens and accounts, in the order a plan takes them: the account and the device
 * first (so nobody signs in again while its sessions end), then the sessions, then the tokens. Every action is
 * idempotent: applying a plan twice changes nothing the second time, which is what makes a containment call safe
 * to repeat and a replayed signal harmless. The id is a value of the {@code zt_signal_actions} event detail.
 */
public enum Action {
    /** Disable the account. */
    DISABLE_USER,
    /**
     * The password stops working: it is removed, and the user sets a new one through the realm's "forgot
     * password" e-mail or from an admin. (A required action alone would let whoever holds the old password set
     * the new one.)
     */
    REQUIRE_PASSWORD_RESET,
    /** Remove the user's second factors (OTP, passkeys) so that they register new ones at the next sign-in. */
    REQUIRE_FACTOR_REREGISTRATION,
    /** Retire the device (it cannot sign in again until an admin approves it). */
    RETIRE_DEVICE,
    /** End the one session the subject names (back-channel logout to its clients). */
    END_SESSION,
    /** End every online session of the user (back-channel logout to their clients). */
    END_USER_SESSIONS,
    /** End every session of the user except the one the change was made in (a new factor, a new password). */
    END_OTHER_SESSIONS,
    /** End every offline session of the user: offline tokens stop refreshing. */
    END_OFFLINE_SESSIONS,
    /** End the sessions the device signed in. */
    END_DEVICE_SESSIONS,
    /** Push the user's not-before to now: every token issued before is refused by Keycloak. */
    REVOKE_USER_TOKENS,
    /** Push the client's not-before to now and end its client sessions, online and offline. */
    REVOKE_CLIENT_TOKENS;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
