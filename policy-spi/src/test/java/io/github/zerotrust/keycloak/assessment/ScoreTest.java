package io.github.zerotrust.keycloak.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The score: earned weight over the weight of the checks that apply, overall and per stage. */
class ScoreTest {

    static Check check(String id, Stage stage, int weight) {
        return new Check(id, stage, weight, id, "why", "fix", "guide");
    }

    @Test
    void aPassEarnsTheWholeWeightAPartialHalfAFailNothing() {
        Score score = Score.of(List.of(
                check("a", Stage.FOUNDATION, 10).pass(""),
                check("b", Stage.FOUNDATION, 6).partial(""),
                check("c", Stage.FOUNDATION, 4).fail("")));

        assertThat(score.overall()).isEqualTo(65); // (10 + 3 + 0) / 20
        assertThat(score.byStage().get(Stage.FOUNDATION)).contains(65);
    }

    @Test
    void aCheckThatDoesNotApplyIsLeftOutRatherThanCountedAsPassOrFail() {
        Score score = Score.of(List.of(
                check("a", Stage.FOUNDATION, 4).pass(""),
                check("b", Stage.FOUNDATION, 10).notApplicable("")));

        assertThat(score.overall()).isEqualTo(100);
    }

    @Test
    void aStageWithNothingThatAppliesHasNoScore() {
        Score score = Score.of(List.of(
                check("a", Stage.FOUNDATION, 4).fail(""),
                check("b", Stage.ADVANCED, 10).notApplicable("")));

        assertThat(score.byStage().get(Stage.ADVANCED)).isEmpty();
        assertThat(score.byStage().get(Stage.INTERMEDIATE)).isEmpty();
        assertThat(score.byStage().get(Stage.FOUNDATION)).contains(0);
        assertThat(score.overall()).isZero();
    }

    @Test
    void roundsHalfUp() {
        Score score = Score.of(List.of(check("a", Stage.FOUNDATION, 1).pass(""), check("b", Stage.FOUNDATION, 1).partial("")));
        assertThat(score.overall()).isEqualTo(75);
        Score third = Score.of(List.of(check("a", Stage.FOUNDATION, 1).partial(""), check("b", Stage.FOUNDATION, 3).fail(""),
                check("c", Stage.FOUNDATION, 4).fail("")));
        assertThat(third.overall()).isEqualTo(6); // 0.5 / 8 = 6.25
    }

    @Test
    void theStockRealmScoresLowAndFixingBruteForceRaisesTheFoundationScore() {
        Facts stock = Facts.stockRealm();
        Score before = Catalogue.assess(stock.build()).score();
        stock.bruteForceProtected = true;
        stock.bruteForceFailures = 10;
        Score after = Catalogue.assess(stock.build()).score();

        assertThat(before.overall()).isLessThan(25);
        assertThat(after.overall()).isGreaterThan(before.overall());
        assertThat(after.byStage().get(Stage.FOUNDATION).orElseThrow()).isGreaterThan(before.byStage().get(Stage.FOUNDATION).orElseThrow());
        assertThat(after.byStage().get(Stage.INTERMEDIATE)).isEqualTo(before.byStage().get(Stage.INTERMEDIATE));
    }

    @Test
    void aWeightIsOneToTen() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check("a", Stage.FOUNDATION, 0)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> check("a", Stage.FOUNDATION, 11)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Optional.of(check("a", Stage.FOUNDATION, 10))).isPresent();
    }
}
