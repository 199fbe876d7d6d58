package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.LONDON;
import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static io.github.zerotrust.keycloak.risk.SignIns.past;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignInHistoryTest {

    private static List<PastSignIn> daily(int days) {
        List<PastSignIn> history = new ArrayList<>();
        for (int day = 0; day < days; day++) {
            history.add(past(LONDON, Duration.ofDays(day)));
        }
        return history;
    }

    @Test
    void keepsTheNewestUpToTheLimit() {
        var kept = SignInHistory.retain(daily(60), 50, Duration.ofDays(365), NOW);

        assertThat(kept).hasSize(50).isEqualTo(daily(50));
    }

    @Test
    void dropsSignInsOlderThanTheRetentionButKeepsOneExactlyThatOld() {
        var kept = SignInHistory.retain(daily(100), 200, Duration.ofDays(90), NOW);

        assertThat(kept).hasSize(91);
        assertThat(kept.get(90).at()).isEqualTo(NOW.minus(Duration.ofDays(90)));
    }

    @Test
    void appliesBothRules() {
        assertThat(SignInHistory.retain(daily(100), 10, Duration.ofDays(5), NOW)).isEqualTo(daily(6));
        assertThat(SignInHistory.retain(daily(100), 3, Duration.ofDays(5), NOW)).isEqualTo(daily(3));
    }

    @Test
    void sortsNewestFirstWhateverTheStoredOrder() {
        var shuffled = new ArrayList<>(daily(5));
        java.util.Collections.shuffle(shuffled, new java.util.Random(1));

        assertThat(SignInHistory.retain(shuffled, 50, Duration.ofDays(90), NOW)).isEqualTo(daily(5));
    }

    @Test
    void keepsSignInsStampedAfterNowByClockSkew() {
        var ahead = past(LONDON, NOW.plusSeconds(1));

        assertThat(SignInHistory.retain(List.of(ahead), 50, Duration.ofDays(90), NOW)).containsExactly(ahead);
    }

    @Test
    void emptyOrNothingAllowedGivesEmpty() {
        assertThat(SignInHistory.retain(null, 50, Duration.ofDays(90), NOW)).isEmpty();
        assertThat(SignInHistory.retain(daily(5), 0, Duration.ofDays(90), NOW)).isEmpty();
    }

    @Test
    void recordingPutsTheNewSignInFirstAndAppliesTheSettings() {
        var settings = RiskSettings.parse(Map.of(RiskSettings.HISTORY_SIZE, "3"));
        var latest = past(LONDON, Duration.ZERO);

        var history = SignInHistory.record(daily(10).subList(1, 10), latest, settings, NOW);

        assertThat(history).containsExactly(latest, daily(2).get(1), daily(3).get(2));
    }

    @Test
    void pastSignInKeepsWhatTheFactsSay() {
        var facts = SignIns.signIn().from(LONDON).asn(2856).radius(20).device("laptop").zones("office").facts();

        var past = PastSignIn.of(facts);

        assertThat(past).isEqualTo(new PastSignIn(NOW, "192.0.2.1", LONDON.country(), LONDON.latitude(),
                LONDON.longitude(), 20, 2856L, "laptop", java.util.Set.of("office")));
    }
}
