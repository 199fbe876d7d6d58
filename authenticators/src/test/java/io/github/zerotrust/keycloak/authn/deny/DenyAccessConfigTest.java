package io.github.zerotrust.keycloak.authn.deny;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenyAccessConfigTest {

    @Test
    void defaultsToTheMessageOfTheRuleThatMatched() {
        DenyAccessConfig config = DenyAccessConfig.parse(Map.of());

        assertThat(config.message()).isEqualTo(DenyAccessConfig.Message.AUTO);
        assertThat(Denial.messageKeyFor(config.message(), List.of(match(MatchedRules.Kind.COUNTRY)))).isEqualTo("ztDeniedCountry");
        assertThat(Denial.messageKeyFor(config.message(), List.of(match(MatchedRules.Kind.NETWORK)))).isEqualTo("ztDeniedNetwork");
        assertThat(Denial.messageKeyFor(config.message(), List.of())).isEqualTo("ztDeniedGeneric");
    }

    @Test
    void anAdminCanChooseTheGenericMessageWhateverMatched() {
        DenyAccessConfig config = DenyAccessConfig.parse(Map.of("message", "generic"));

        assertThat(Denial.messageKeyFor(config.message(), List.of(match(MatchedRules.Kind.COUNTRY)))).isEqualTo("ztDeniedGeneric");
    }

    @Test
    void anUnknownChoiceFallsBackToAuto() {
        assertThat(DenyAccessConfig.parse(Map.of("message", "shout")).message()).isEqualTo(DenyAccessConfig.Message.AUTO);
    }

    @Test
    void aCustomMessageIsCappedAt500Characters() {
        DenyAccessConfig config = DenyAccessConfig.parse(Map.of("custom_message", "x".repeat(900)));

        assertThat(config.customMessage()).hasSize(500);
    }

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

    private static MatchedRules.Match match(MatchedRules.Kind kind) {
        return new MatchedRules.Match("rule", "reason", kind);
    }
}
