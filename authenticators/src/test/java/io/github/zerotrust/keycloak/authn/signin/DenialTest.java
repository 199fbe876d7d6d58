package io.github.zerotrust.keycloak.authn.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DenialTest {

    @Test
    void referencesAreEightUnambiguousCharactersInTwoGroups() {
        for (int i = 0; i < 200; i++) {
            assertThat(Denial.newReference()).matches("[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}");
        }
    }

    @Test
    void directGrantMessagesMatchTheEnglishPageMessages() {
        assertThat(DirectGrantMessages.text("ztDeniedCountry")).isEqualTo("Sign-in from this country is not allowed for your organisation.");
        assertThat(DirectGrantMessages.text("unknown-key")).isEqualTo(DirectGrantMessages.text("ztDeniedGeneric"));
    }
}
