package io.github.zerotrust.keycloak.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.assessment.ReportOnlyImpact.Rule;
import io.github.zerotrust.keycloak.assessment.ReportOnlyImpact.RuleImpact;
import io.github.zerotrust.keycloak.assessment.ReportOnlyImpact.Sighting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportOnlyImpactTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Rule BLOCK = new Rule("block-countries", "browser zt", "zt-condition-country");
    static final Rule HOSTING = new Rule("watch-hosting", "browser zt", "zt-condition-network-zone");

    static Sighting seen(Duration ago, String userId, String username, String detail) {
        return new Sighting(NOW.minus(ago), userId, username, detail);
    }

    @Test
    void theDetailNamesEveryRuleThatWouldHaveMatchedAndNothingElse() {
        assertThat(ReportOnlyImpact.rulesIn("block-countries: would match (country KP is listed (in)); "
                + "watch-hosting: would match (address in zone hosting)"))
                .containsExactly("block-countries", "watch-hosting");
        assertThat(ReportOnlyImpact.rulesIn("garbage; : would match (x); high-risk: would match (score 80)"))
                .containsExactly("high-risk");
        assertThat(ReportOnlyImpact.rulesIn(null)).isEmpty();
        assertThat(ReportOnlyImpact.rulesIn("  ")).isEmpty();
    }

    @Test
    void eachSignInCountsInEveryWindowItFallsIn() {
        String both = "block-countries: would match (KP); watch-hosting: would match (hosting)";
        List<RuleImpact> impact = ReportOnlyImpact.of(List.of(BLOCK, HOSTING), List.of(
                seen(Duration.ofHours(2), "u1", "ann", both),
                seen(Duration.ofDays(3), "u1", "ann", "block-countries: would match (KP)"),
                seen(Duration.ofDays(20), "u2", "ben", "block-countries: would match (KP)"),
                seen(Duration.ofDays(31), "u3", "cal", "block-countries: would match (KP)"),
                new Sighting(NOW.plusSeconds(60), "u4", "dan", "block-countries: would match (KP)")), NOW, 10);

        RuleImpact block = impact.get(0);
        assertThat(block.rule()).isEqualTo(BLOCK);
        assertThat(new int[] {block.lastDay(), block.last7Days(), block.last30Days()}).containsExactly(1, 2, 3);
        assertThat(block.users()).extracting(ReportOnlyImpact.Person::username).containsExactly("ann", "ben");
        assertThat(block.users().get(0).signIns()).isEqualTo(2);
        RuleImpact hosting = impact.get(1);
        assertThat(new int[] {hosting.lastDay(), hosting.last7Days(), hosting.last30Days()}).containsExactly(1, 1, 1);
    }

    @Test
    void aRuleNothingTriggeredIsListedWithZeroAndARuleNoLongerReportOnlyIsNot() {
        List<RuleImpact> impact = ReportOnlyImpact.of(List.of(HOSTING), List.of(
                seen(Duration.ofHours(1), "u1", "ann", "block-countries: would match (KP)")), NOW, 10);
        assertThat(impact).hasSize(1);
        assertThat(impact.get(0).last30Days()).isZero();
        assertThat(impact.get(0).users()).isEmpty();
    }

    @Test
    void theUsersAreBoundedMostAffectedFirstAndTheRestCounted() {
        List<Sighting> sightings = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (int n = 0; n <= i % 5; n++) {
                sightings.add(seen(Duration.ofHours(1 + n), "u" + i, "user" + i, "block-countries: would match (KP)"));
            }
        }
        RuleImpact block = ReportOnlyImpact.of(List.of(BLOCK), sightings, NOW, 5).get(0);
        assertThat(block.users()).hasSize(5).allSatisfy(p -> assertThat(p.signIns()).isEqualTo(5));
        assertThat(block.moreUsers()).isEqualTo(25);
    }

    @Test
    void aSignInOfAnUnknownUserCountsByTheNameTyped() {
        RuleImpact block = ReportOnlyImpact.of(List.of(BLOCK), List.of(
                seen(Duration.ofHours(1), null, "ghost", "block-countries: would match (KP)"),
                seen(Duration.ofHours(2), null, "ghost", "block-countries: would match (KP)")), NOW, 10).get(0);
        assertThat(block.users()).singleElement().satisfies(p -> {
            assertThat(p.userId()).isNull();
            assertThat(p.username()).isEqualTo("ghost");
            assertThat(p.signIns()).isEqualTo(2);
        });
    }
}
