package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of {@code Zero Trust - require MFA}.
 *
 * @param grace       how long a user without a second factor may still sign in without one (0 = none)
 * @param setupAction the required action that enrols one: {@code CONFIGURE_TOTP} or {@code webauthn-register}
 */
record RequireMfaConfig(Duration grace, String setupAction) {

    static final String GRACE_DAYS = "grace_days";
    static final String SETUP = "setup";
    static final int MAX_GRACE_DAYS = 90;

    static RequireMfaConfig parse(Map<String, String> config) {
        int days;
        try {
            days = Integer.parseInt(ConfigValues.string(config, GRACE_DAYS, "7"));
        } catch (NumberFormatException e) {
            days = 7;
        }
        days = Math.max(0, Math.min(MAX_GRACE_DAYS, days));
        String setup = ConfigValues.string(config, SETUP, "otp");
        return new RequireMfaConfig(Duration.ofDays(days), "webauthn".equals(setup) ? "webauthn-register" : "CONFIGURE_TOTP");
    }
}
