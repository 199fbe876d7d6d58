package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void aDetailQuoting100KbOfSettingsIsCutBeforeItReachesEveryLogLineAndEvent() {
        Verdict verdict = Verdict.of(true, Reason.UNKNOWN_STRENGTH, "misconfigured: unknown strength '" + "x".repeat(100_000) + "'");

        assertThat(verdict.detail()).hasSize(Verdict.MAX_TEXT).startsWith("misconfigured: unknown strength 'xxx").endsWith("...");
    }

    @Test
    void controlCharactersInADetailOrWarningCannotForgeLogLines() {
        Verdict verdict = Verdict.of(false, Reason.DOES_NOT_APPLY, "group a\nWARN forged\u0000")
                .withWarning(Optional.of("it names [group \r\nx], which do not exist"));

        assertThat(verdict.detail()).isEqualTo("group a?WARN forged?");
        assertThat(verdict.warning()).contains("it names [group ??x], which do not exist");
    }

    @Test
    void anOrdinaryDetailIsKeptAsItIs() {
        assertThat(Verdict.of(true, Reason.DOES_NOT_APPLY, "country KP is in [KP, RU]").detail()).isEqualTo("country KP is in [KP, RU]");
    }
}
