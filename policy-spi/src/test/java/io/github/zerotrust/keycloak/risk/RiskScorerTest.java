package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.LONDON;
import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static io.github.zerotrust.keycloak.risk.SignIns.SYDNEY;
import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskScorerTest {

    private final RiskScorer defaults = new RiskScorer(RiskSettings.defaults());

    // Ten daily sign-ins from the office laptop in London at 10:00 UTC, newest first.
    private static List<PastSignIn> usualHistory() {
        List<PastSignIn> history = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            history.add(signIn().at(NOW.minus(Duration.ofDays(day))).from(LONDON).asn(2856).device("laptop").past());
        }
        return history;
    }

    @Test
    void usualSignInScoresZeroAndLow() {
        var assessment = defaults.assess(signIn().from(LONDON).asn(2856).device("laptop").after(usualHistory()).facts());

        assertThat(assessment.score()).isZero();
        assertThat(assessment.level()).isEqualTo(RiskLevel.LOW);
        assertThat(assessment.reasons()).isEmpty();
        assertThat(assessment.reasonNames()).isEmpty();
        assertThat(assessment.at()).isEqualTo(NOW);
    }

    @Test
    void firstSignInOfAnAccountIsANewDeviceButStaysLow() {
        var assessment = defaults.assess(signIn().from(LONDON).device("laptop").facts());

        assertThat(assessment.reasonNames()).isEqualTo("new-device");
        assertThat(assessment.score()).isEqualTo(25);
        assertThat(assessment.level()).isEqualTo(RiskLevel.LOW);
    }

    @Test
    void weighsEachReasonAndKeepsTheSignalOrder() {
        var history = new ArrayList<PastSignIn>();
        history.add(signIn().at(NOW.minus(Duration.ofMinutes(30))).from(LONDON).device("laptop").past());
        history.addAll(usualHistory());

        var assessment = defaults.assess(signIn().from(SYDNEY).device("phone").after(history).facts());

        assertThat(assessment.reasons()).extracting(RiskReason::signal, RiskReason::weight)
                .containsExactly(
                        tuple("new-device", 25),
                        tuple("new-country", 30),
                        tuple("impossible-travel", 60));
        assertThat(assessment.reasonNames()).isEqualTo("new-device,new-country,impossible-travel");
    }

    @Test
    void capsTheScoreAt100() {
        var settings = RiskSettings.parse(Map.of(RiskSettings.ANONYMISER_ASNS, "AS9009"));
        var facts = signIn().at("2026-06-10T02:30:00Z").from(SYDNEY).asn(9009).device("phone")
                .failures(5, 0).threat(DeviceThreat.HIGH).after(usualHistory()).facts();

        var assessment = new RiskScorer(settings).assess(facts);

        assertThat(assessment.reasonNames()).isEqualTo("new-device,new-country,impossible-travel,unusual-hour,"
                + "failure-velocity,anonymising-network,device-threat");
        assertThat(assessment.reasons()).extracting(RiskReason::weight).containsExactly(25, 30, 60, 15, 30, 40, 50);
        assertThat(assessment.score()).isEqualTo(100);
        assertThat(assessment.level()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void weightZeroSwitchesASignalOff() {
        var scorer = new RiskScorer(RiskSettings.parse(Map.of(RiskSettings.WEIGHT_NEW_DEVICE, "0")));

        var assessment = scorer.assess(signIn().from(LONDON).device("phone").after(usualHistory()).facts());

        assertThat(assessment.reasons()).isEmpty();
        assertThat(assessment.score()).isZero();
    }

    @ParameterizedTest(name = "score {0} is {1}")
    @CsvSource({"0, LOW", "29, LOW", "30, MEDIUM", "59, MEDIUM", "60, HIGH", "100, HIGH"})
    void levelFollowsTheThresholdsAndAScoreOnAThresholdIsAtThatLevel(int score, RiskLevel level) {
        // The new-device weight alone makes the score.
        var scorer = new RiskScorer(RiskSettings.parse(Map.of(RiskSettings.WEIGHT_NEW_DEVICE, String.valueOf(score))));

        var assessment = scorer.assess(signIn().from(LONDON).device("phone").after(usualHistory()).facts());

        assertThat(assessment.score()).isEqualTo(score);
        assertThat(assessment.level()).isEqualTo(level);
    }

    @Test
    void thresholdsAreConfigurable() {
        var scorer = new RiskScorer(RiskSettings.parse(Map.of(RiskSettings.THRESHOLD_MEDIUM, "20",
                RiskSettings.THRESHOLD_HIGH, "25")));

        assertThat(scorer.assess(signIn().from(LONDON).device("phone").after(usualHistory()).facts()).level())
                .isEqualTo(RiskLevel.HIGH);
    }
}
