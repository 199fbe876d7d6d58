package io.github.zerotrust.keycloak.authn.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Fido2PolicyCheckTest {

    @Test
    void matchesTheEventsBase64UrlIdWithTheStoredBase64Id() {
        assertThat(Fido2PolicyCheck.sameId("ab-_cd", "ab+/cd==")).isTrue();
        assertThat(Fido2PolicyCheck.sameId("ab-_cd", "ab+/ce==")).isFalse();
        assertThat(Fido2PolicyCheck.sameId(null, "x")).isFalse();
        assertThat(Fido2PolicyCheck.sameId("x", null)).isFalse();
    }
}
