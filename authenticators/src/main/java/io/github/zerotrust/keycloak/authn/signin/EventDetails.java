package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.risk.Assessment;

/**
 * The {@code zt_*} keys we add to Keycloak events. Auditors and SIEM rules depend on them: renaming
 * one is a breaking change (see docs/ids.md).
 */
public final class EventDetails {

    /** ISO 3166 code of the client address, or {@code unknown}. */
    public static final String COUNTRY = "zt_country";
    /** Comma-separated named zones that contain the client address, or {@code none}. */
    public static final String ZONES = "zt_zones";
    /** {@code valid} or {@code invalid}: whether the address Keycloak resolved could be parsed. */
    public static final String ADDRESS = "zt_address";
    /** The rule (the step's configuration alias) that decided. */
    public static final String RULE = "zt_rule";
    /** Why it decided, e.g. {@code country KP is in [KP, RU]}. */
    public static final String REASON = "zt_reason";
    /** {@code deny}, or {@code report-only} when a rule only recorded what it would have done. */
    public static final String OUTCOME = "zt_outcome";
    /** What report-only conditions would have matched in this sign-in. */
    public static final String REPORT_ONLY = "zt_report_only";
    /** The reference shown to a refused user, so the help desk finds the event. */
    public static final String REFERENCE = "zt_reference";

    /** The rules that let a break-glass account through in this sign-in (comma-separated rule names). */
    public static final String BREAK_GLASS_EXEMPT = "zt_break_glass_exempt";

    /** How the browser was recognised: {@code recognised}, {@code none}, {@code foreign}, {@code tampered}, or {@code client}. */
    public static final String DEVICE = "zt_device";

    /** The device's registry id (the recognised-browser id), from {@code Zero Trust - check device}. */
    public static final String DEVICE_ID = "zt_device_id";
    /** {@code compliant}, {@code managed} or {@code unmanaged}: the {@code device_trust} claim of the sign-in. */
    public static final String DEVICE_TRUST = "zt_device_trust";
    /** {@code compliant}, {@code in_grace}, {@code non_compliant} or {@code unknown}. */
    public static final String DEVICE_STATUS = "zt_device_status";
    /** Comma-separated ids of the failed checks ({@code os-version,disk-encryption}), {@code unknown-device} or {@code none}. */
    public static final String DEVICE_FAILURES = "zt_device_failures";
    /** The posture source that answered: {@code registry}, {@code signed-token}, {@code mdm-http} or {@code none}. */
    public static final String DEVICE_SOURCE = "zt_device_source";
    /** Why no posture could be had: a source down or a posture token refused (e.g. {@code signed-token: the posture token has expired}). No tokens, no secrets. */
    public static final String DEVICE_PROBLEM = "zt_device_problem";

    /** The alias of the identity provider a brokered sign-in came through. */
    public static final String IDP = "zt_idp";
    /** The {@code acr} of the provider's validated ID token, or {@code none}. */
    public static final String UPSTREAM_ACR = "zt_upstream_acr";
    /** The realm strength the upstream authentication counts as ({@code mfa}, {@code phr}), or {@code none}. */
    public static final String TRUSTED_UPSTREAM = "zt_trusted_upstream";
    /** Why, e.g. {@code acr urn:partner:mfa is mapped to mfa} or {@code trust of the provider's MFA is off}. No tokens. */
    public static final String UPSTREAM_REASON = "zt_upstream_reason";
    /** The device standing the provider is trusted for ({@code compliant}, {@code managed}), or {@code none}. */
    public static final String TRUSTED_UPSTREAM_DEVICE = "zt_trusted_upstream_device";
    /** Why, e.g. {@code device_trust compliant is trusted} or {@code trust of the provider's device claim is off}. */
    public static final String UPSTREAM_DEVICE_REASON = "zt_upstream_device_reason";

    /** Risk score 0-100, level and reason names, from {@code Zero Trust - assess sign-in risk}. */
    public static final String RISK_SCORE = Assessment.EVENT_SCORE;
    public static final String RISK_LEVEL = Assessment.EVENT_LEVEL;
    public static final String RISK_REASONS = Assessment.EVENT_REASONS;

    private EventDetails() {
    }
}
