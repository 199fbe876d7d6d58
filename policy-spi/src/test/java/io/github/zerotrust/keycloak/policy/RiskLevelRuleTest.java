package io.github.zerotrust.keycloak.policy;

import static io.github.zerotrust.keycloak.policy.Facts.assessed;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RiskLevelRuleTest {

    static Decision decide(Map<String, String> config, SignIn signIn) {
        return StepKinds.RISK_LEVEL.decide(signIn, "risk-" + config.hashCode(), config);
    }

    static SignIn at(RiskLevel level, int score) {
        return Facts.anywhere().withAssessment(Optional.of(assessed(score, level)));
    }

    @Test
    void defaultsToHigh() {
        assertThat(RiskLevelRule.Settings.parse(Map.of()).level()).isEqualTo(RiskLevel.HIGH);
        assertThat(RiskLevelRule.Settings.parse(Map.of("level", "nonsense")).level()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void matchesAtOrAboveTheLevel() {
        Map<String, String> medium = Map.of("level", "medium");

        assertThat(decide(medium, at(RiskLevel.LOW, 20)).acts()).isFalse();
        assertThat(decide(medium, at(RiskLevel.MEDIUM, 30)).acts()).isTrue();
        assertThat(decide(medium, at(RiskLevel.HIGH, 90)).acts()).isTrue();
        assertThat(decide(medium, at(RiskLevel.LOW, 20)).verdict().reason()).isEqualTo(Reason.RISK_BELOW_LEVEL);
    }

    @Test
    void explainsItselfWithScoreAndReasons() {
        assertThat(decide(Map.of(), at(RiskLevel.HIGH, 90)).verdict().detail()).isEqualTo("risk high (90: new-device)");
    }

    @Test
    void noAssessmentFailsClosedAsATypedState() {
        Decision decision = decide(Map.of(), Facts.anywhere());

        assertThat(decision.acts()).isTrue();
        assertThat(decision.verdict().reason()).isEqualTo(Reason.NO_ASSESSMENT);
        assertThat(decision.state()).isEqualTo(Decision.State.MISCONFIGURED);
        assertThat(decision.verdict().detail()).isEqualTo("no risk assessment in this flow");
    }

    @Test
    void reportOnlyIsCarriedButDoesNotAct() {
        Decision decision = decide(Map.of("report_only", "true"), at(RiskLevel.HIGH, 90));

        assertThat(decision.verdict().applies()).isTrue();
        assertThat(decision.acts()).isFalse();
        assertThat(decision.onlyReported()).isTrue();
        assertThat(decision.state()).isEqualTo(Decision.State.REPORT_ONLY);
    }
}
