package io.github.zerotrust.keycloak.authn.signin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignInNotesTest {

    @Test
    void anUpstreamAcrWithLineBreaksAndGreatLengthIsFittedToOneBoundedLine() {
        String hostile = "urn:partner:mfa\n2026-12-02 ERROR forged log line\r" + "x".repeat(2_000);

        String fitted = SignInNotes.fit(hostile);

        assertThat(fitted).doesNotContain("\n", "\r").hasSize(SignInNotes.MAX_VALUE).endsWith("...")
                .startsWith("urn:partner:mfa?2026-12-02 ERROR forged log line?");
    }
}
