package io.github.zerotrust.keycloak.signals;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.signals.CriticalEvents.AdminChange;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CriticalEventsTest {

    @ParameterizedTest
    @CsvSource({
            "UPDATE_PASSWORD, , password-changed",
            "RESET_PASSWORD, , password-changed",
            "UPDATE_CREDENTIAL, password, password-changed",
            "UPDATE_CREDENTIAL, otp, factor-registered",
            "UPDATE_CREDENTIAL, webauthn-passwordless, factor-registered",
            "UPDATE_CREDENTIAL, , factor-registered",
            "UPDATE_TOTP, , factor-registered",
            "REMOVE_CREDENTIAL, otp, credential-removed",
            "REMOVE_TOTP, , credential-removed"})
    void aUserEventThatChangesACredentialIsCritical(String type, String credentialType, String trigger) {
        Map<String, String> details = credentialType == null ? Map.of() : Map.of(CriticalEvents.CREDENTIAL_TYPE, credentialType);
        assertThat(CriticalEvents.ofUserEvent(type, details).map(Trigger::id)).contains(trigger);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webauthn-register", "webauthn-register-passwordless", "CONFIGURE_TOTP"})
    void aRequiredActionThatRegistersAFactorIsCritical(String action) {
        assertThat(CriticalEvents.ofUserEvent("CUSTOM_REQUIRED_ACTION", Map.of(CriticalEvents.CUSTOM_REQUIRED_ACTION, action)))
                .contains(Trigger.FACTOR_REGISTERED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOGIN", "LOGOUT", "CODE_TO_TOKEN", "REFRESH_TOKEN", "UPDATE_PASSWORD_ERROR", "USER_SESSION_DELETED",
            "UPDATE_PROFILE", "CUSTOM_REQUIRED_ACTION"})
    void everyOtherUserEventIsNot(String type) {
        assertThat(CriticalEvents.ofUserEvent(type, Map.of(CriticalEvents.CUSTOM_REQUIRED_ACTION, "TERMS_AND_CONDITIONS"))).isEmpty();
        assertThat(CriticalEvents.ofUserEvent(null, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "UPDATE, users/u1, user-disabled",
            "DELETE, users/u1, user-deleted",
            "ACTION, users/u1/reset-password, password-changed",
            "UPDATE, users/u1/reset-password, password-changed",
            "ACTION, users/u1/credentials/c1, credential-removed",
            "DELETE, users/u1/credentials/c1, credential-removed",
            "UPDATE, users/u1/disable-credential-types, credential-removed",
            "ACTION, users/u1/logout, sign-out-everywhere"})
    void anAdminEventThatChangesAnAccountIsCriticalForThatAccount(String operation, String path, String trigger) {
        assertThat(CriticalEvents.ofAdminEvent(operation, path))
                .contains(new AdminChange(Trigger.parse(trigger).orElseThrow(), "u1"));
    }

    @ParameterizedTest
    @CsvSource({
            "CREATE, users/u1",
            "ACTION, users/u1/credentials/c1/moveToFirst",
            "ACTION, users/u1/credentials/c1/moveAfter/c2",
            "UPDATE, users/u1/credentials/c1/userLabel",
            "CREATE, users/u1/role-mappings/realm",
            "UPDATE, clients/c1",
            "ACTION, zero-trust/contain/users/u1",
            "UPDATE, users",
            "UPDATE, users/",
            "DELETE, groups/g1"})
    void everyOtherAdminEventIsNot(String operation, String path) {
        assertThat(CriticalEvents.ofAdminEvent(operation, path)).isEmpty();
    }

    @Test
    void aPathSegmentLongerThanAnyIdNamesNoUser() {
        assertThat(CriticalEvents.ofAdminEvent("UPDATE", "users/" + "x".repeat(CriticalEvents.MAX_ID + 1))).isEmpty();
        assertThat(CriticalEvents.ofAdminEvent(null, "users/u1")).isEmpty();
        assertThat(CriticalEvents.ofAdminEvent("UPDATE", null)).isEmpty();
    }
}
