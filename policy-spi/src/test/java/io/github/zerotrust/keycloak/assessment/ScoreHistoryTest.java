package io.github.zerotrust.keycloak.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recorded scores: bounded, round-tripped, and tolerant of what it cannot read. */
class ScoreHistoryTest {

    static final Instant T = Instant.parse("2026-12-01T09:00:00Z");

    static Score score(int overall) {
        return new Score(overall, Map.of(Stage.FOUNDATION, Optional.of(overall), Stage.ADVANCED, Optional.empty()));
    }

    @Test
    void roundTripsThroughItsStoredText() {
        ScoreHistory history = ScoreHistory.empty().with(T, score(20)).with(T.plusSeconds(60), score(35));

        ScoreHistory read = ScoreHistory.read(history.write());

        assertThat(read.entries()).isEqualTo(history.entries());
        assertThat(history.write()).isEqualTo("[{\"at\":\"2026-12-01T09:00:00Z\",\"overall\":20,\"foundation\":20,"
                + "\"intermediate\":null,\"advanced\":null},{\"at\":\"2026-12-01T09:01:00Z\",\"overall\":35,\"foundation\":35,"
                + "\"intermediate\":null,\"advanced\":null}]");
    }

    @Test
    void keepsTheLast100() {
        ScoreHistory history = ScoreHistory.empty();
        for (int i = 0; i < 101; i++) {
            history = history.with(T.plusSeconds(i), score(i % 100));
        }
        assertThat(history.entries()).hasSize(ScoreHistory.MAX_ENTRIES);
        assertThat(history.entries().get(0).at()).isEqualTo(T.plusSeconds(1));
        assertThat(ScoreHistory.read(history.write()).entries()).hasSize(100);
    }

    @Test
    void skipsAnEntryItCannotReadAndKeepsTheRest() {
        String stored = "[{\"at\":\"yesterday\",\"overall\":3},{\"overall\":4},{\"at\":\"2026-12-01T09:00:00Z\",\"overall\":500},"
                + "{\"at\":\"2026-12-01T09:00:00Z\",\"overall\":40,\"foundation\":40,\"newer\":true}]";

        assertThat(ScoreHistory.read(stored).entries()).extracting(e -> e.score().overall()).containsExactly(40);
    }

    @Test
    void unreadableOrMissingTextIsAnEmptyHistory() {
        assertThat(ScoreHistory.read(null).entries()).isEmpty();
        assertThat(ScoreHistory.read("{not json").entries()).isEmpty();
        assertThat(ScoreHistory.read("{\"at\":1}").entries()).isEmpty();
    }
}
