package io.github.zerotrust.keycloak.signals;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What changed. The id is the value of the {@code zt_signal} event detail and a label of the
 * {@code zt_signals_total} metric, so it cannot change without a migration.
 */
public enum Trigger {
    /** An admin disabled the account (or a transmitter said {@code account-disabled}). */
    USER_DISABLED,
    /** The account is gone (RISC {@code account-purged}); Keycloak removes its sessions itself, we end the offline ones too. */
    USER_DELETED,
    /** The user changed the password, or an admin reset it. */
    PASSWORD_CHANGED,
    /** A credential (password, OTP, passkey) was removed or revoked. */
    CREDENTIAL_REMOVED,
    /** A new factor was registered on a privileged account: every other session ends (configurable). */
    FACTOR_REGISTERED,
    /** "Sign out everywhere": an admin, or a transmitter's {@code session-revoked} for all of the user's sessions. */
    SIGN_OUT_EVERYWHERE,
    /** One session revoked (CAEP {@code session-revoked} naming it). */
    SESSION_REVOKED,
    /** An elevation ended: the sessions that carry it in their tokens lose them at once. */
    ELEVATION_ENDED,
    /** A device fell out of compliance or reported a high threat. */
    DEVICE_NON_COMPLIANT,
    /** A device was retired. */
    DEVICE_RETIRED,
    /** A device left the registry (its owner removed it) or lost its key (an admin removed it): what it signed in ends. */
    DEVICE_REMOVED,
    /** The user's risk was raised to high (CAEP {@code risk-level-change}, or the realm's own assessment). */
    RISK_HIGH,
    /** The credentials are known to be compromised (RISC {@code credential-compromise}): reset required. */
    CREDENTIAL_COMPROMISE,
    /** The user must change a credential before signing in again (RISC {@code account-credential-change-required}). */
    CREDENTIAL_CHANGE_REQUIRED,
    /** The assurance of the sign-in went down (CAEP {@code assurance-level-change}, decrease): the user signs in again. */
    ASSURANCE_DECREASED,
    /** An admin contained the account (one call: every session, every token, optionally disable and re-register). */
    CONTAIN_USER,
    /** An admin contained a device (retire, end its sessions). */
    CONTAIN_DEVICE,
    /** An admin contained a client (every token issued to it revoked). */
    CONTAIN_CLIENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Trigger> parse(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }
}
