package io.github.zerotrust.keycloak.policy;

/**
 * Why a step decided as it did, by a stable name (What-If answers carry the {@link #id()}); the
 * verdict's detail says it for people. A reason that is a {@link #misconfiguration()} means the step
 * cannot judge as set up and fails closed; code asks this, never the wording.
 */
public enum Reason {
    COUNTRY_LISTED("country-listed"),
    COUNTRY_NOT_LISTED("country-not-listed"),
    COUNTRY_UNKNOWN("country-unknown"),
    IN_ZONES("in-zones"),
    NOT_IN_ZONES("not-in-zones"),
    ADDRESS_UNREADABLE("address-unreadable"),
    RISK_AT_LEVEL("risk-at-level"),
    RISK_BELOW_LEVEL("risk-below-level"),
    NO_ASSESSMENT("no-assessment", "place 'Zero Trust - assess sign-in risk' before it"),
    DEVICE_PASSES("device-passes"),
    DEVICE_FAILS("device-fails"),
    NO_DEVICE_STEP("no-device-step", "place 'Zero Trust - check device' before it"),
    APPLIES("applies"),
    DOES_NOT_APPLY("does-not-apply"),
    USER_NOT_KNOWN("user-not-known", "it names groups or roles: place it after the username step"),
    /** A strength rule before the username step of a fresh sign-in: the same step after it decides. */
    USER_NOT_KNOWN_YET("user-not-known-yet"),
    UNKNOWN_STRENGTH("unknown-strength", "name an ACR value of acr.loa.map, or a level number"),
    HAS_SECOND_FACTOR("has-second-factor"),
    MFA_GRACE_RUNNING("mfa-grace-running"),
    MFA_GRACE_OVER("mfa-grace-over"),
    DEVICE_TRUSTED("device-trusted"),
    DEVICE_RESTRICTED("device-restricted"),
    CLIENT_REFUSED("client-refused"),
    SCOPE_REFUSED("scope-refused"),
    DENY_REACHED("deny-reached"),
    DEVICE_REFUSED("device-refused"),
    ENROLLED("enrolled"),
    ENROLMENT_UNDER_RISK("enrolment-under-risk"),
    PASSWORD_GRANT_ALLOWED("password-grant-allowed"),
    PASSWORD_GRANT_BLOCKED("password-grant-blocked"),
    /** A partner's sign-in at its identity provider counts, as the provider's trust settings map its {@code acr}/{@code amr}. */
    UPSTREAM_TRUSTED("upstream-trusted"),
    SETTINGS_UNUSABLE("settings-unusable", "fix its settings"),
    NOT_A_GUEST("not-a-guest"),
    GUEST_ACCESS_ACTIVE("guest-access-active"),
    GUEST_ACCESS_ENDED("guest-access-ended"),
    GUEST_NOT_SET_UP("guest-not-set-up"),
    GUEST_USER_NOT_KNOWN("guest-user-not-known", "place it after the username step"),
    /** The user is one of the realm's break-glass accounts: no zero-trust step holds them back. */
    BREAK_GLASS("break-glass");

    private final String id;
    private final String advice;

    Reason(String id) {
        this(id, null);
    }

    Reason(String id, String advice) {
        this.id = id;
        this.advice = advice;
    }

    public String id() {
        return id;
    }

    /** Whether the step cannot judge as it is set up (it then fails closed). */
    public boolean misconfiguration() {
        return advice != null;
    }

    /** What the admin should do about a misconfiguration; empty for the others. */
    public String advice() {
        return advice == null ? "" : advice;
    }
}
