package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.authn.Verdict;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import io.github.zerotrust.keycloak.risk.RiskReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RiskLevelConditionTest {

    static Assessment assessed(int score, RiskLevel level) {
        return new Assessment(score, level, List.of(new RiskReason("new-device", "a browser not seen before", score)),
                Instant.parse("2026-11-29T10:00:00Z"));
    }

    @Test
    void defaultsToHigh() {
        assertThat(RiskLevelConditionConfig.parse(Map.of()).level()).isEqualTo(RiskLevel.HIGH);
        assertThat(RiskLevelConditionConfig.parse(Map.of("level", "nonsense")).level()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void matchesAtOrAboveTheLevel() {
        RiskLevelConditionConfig medium = RiskLevelConditionConfig.parse(Map.of("level", "medium"));

        assertThat(RiskLevelCondition.verdict(medium, Optional.of(assessed(20, RiskLevel.LOW))).matched()).isFalse();
        assertThat(RiskLevelCondition.verdict(medium, Optional.of(assessed(30, RiskLevel.MEDIUM))).matched()).isTrue();
        assertThat(RiskLevelCondition.verdict(medium, Optional.of(assessed(90, RiskLevel.HIGH))).matched()).isTrue();
    }

    @Test
    void explainsItselfWithScoreAndReasons() {
        Verdict verdict = RiskLevelCondition.verdict(RiskLevelConditionConfig.parse(Map.of()), Optional.of(assessed(90, RiskLevel.HIGH)));

        assertThat(verdict.reason()).isEqualTo("risk high (90: new-device)");
    }

    @Test
    void noAssessmentFailsClosed() {
        Verdict verdict = RiskLevelCondition.verdict(RiskLevelConditionConfig.parse(Map.of()), Optional.empty());

        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.reason()).isEqualTo(RiskLevelCondition.NO_ASSESSMENT);
    }

    @Test
    void reportOnlyIsCarriedButDoesNotAct() {
        Verdict verdict = RiskLevelCondition.verdict(RiskLevelConditionConfig.parse(Map.of("report_only", "true")),
                Optional.of(assessed(90, RiskLevel.HIGH)));

        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.acts()).isFalse();
    }
}
