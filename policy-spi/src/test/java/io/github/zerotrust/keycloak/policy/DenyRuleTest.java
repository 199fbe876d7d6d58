package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenyRuleTest {

    static MatchedRule match(RuleKind kind) {
        return new MatchedRule("rule", "reason", kind);
    }

    static Action.Deny deny(Map<String, String> config, List<MatchedRule> matched) {
        return (Action.Deny) DenyRule.judge(Facts.anywhere().withMatched(matched), DenyRule.Settings.parse(config)).action().orElseThrow();
    }

    @Test
    void defaultsToTheMessageOfTheRuleThatMatched() {
        DenyRule.Settings config = DenyRule.Settings.parse(Map.of());

        assertThat(config.message()).isEqualTo(DenyRule.Message.AUTO);
        assertThat(deny(Map.of(), List.of(match(RuleKind.COUNTRY))).messageKey()).isEqualTo("ztDeniedCountry");
        assertThat(deny(Map.of(), List.of(match(RuleKind.NETWORK))).messageKey()).isEqualTo("ztDeniedNetwork");
        assertThat(deny(Map.of(), List.of(match(RuleKind.RISK))).messageKey()).isEqualTo("ztDeniedRisk");
        assertThat(deny(Map.of(), List.of()).messageKey()).isEqualTo("ztDeniedGeneric");
    }

    @Test
    void anAdminCanChooseTheGenericMessageWhateverMatched() {
        assertThat(deny(Map.of("message", "generic"), List.of(match(RuleKind.COUNTRY))).messageKey()).isEqualTo("ztDeniedGeneric");
    }

    @Test
    void anUnknownChoiceFallsBackToAuto() {
        assertThat(DenyRule.Settings.parse(Map.of("message", "shout")).message()).isEqualTo(DenyRule.Message.AUTO);
    }

    @Test
    void aCustomMessageIsCappedAt500Characters() {
        assertThat(DenyRule.Settings.parse(Map.of("custom_message", "x".repeat(900))).customMessage()).hasSize(500);
    }

    @Test
    void namesEveryRuleThatMatchedAndJoinsTheirReasons() {
        List<MatchedRule> matched = List.of(new MatchedRule("block-countries", "country KP is in [KP, RU]", RuleKind.COUNTRY),
                new MatchedRule("block-countries", "again", RuleKind.COUNTRY), new MatchedRule("hosting", "address is in [hosting]", RuleKind.NETWORK));
        Verdict verdict = DenyRule.judge(Facts.anywhere().withMatched(matched), DenyRule.Settings.parse(Map.of()));

        assertThat(((Action.Deny) verdict.action().orElseThrow()).rules()).containsExactly("block-countries", "hosting");
        assertThat(verdict.detail()).isEqualTo("country KP is in [KP, RU]; again; address is in [hosting]");
        assertThat(DenyRule.judge(Facts.anywhere(), DenyRule.Settings.parse(Map.of())).detail()).isEqualTo("deny step reached");
    }
}
