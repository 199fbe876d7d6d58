package io.github.zerotrust.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollBackOffTest {

    static final Duration THIRTY = Duration.ofSeconds(30);

    @Test
    void aHealthyTransmitterIsPolledAtItsInterval() {
        assertThat(PollBackOff.delay(THIRTY, 0, 0.9)).isEqualTo(THIRTY);
    }

    @Test
    void eachFailureInARowDoublesTheDelay() {
        assertThat(PollBackOff.delay(THIRTY, 1, 0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(PollBackOff.delay(THIRTY, 2, 0)).isEqualTo(Duration.ofSeconds(120));
        assertThat(PollBackOff.delay(THIRTY, 3, 0)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void theDelayIsCappedAtFifteenMinutesEvenAfterManyFailures() {
        assertThat(PollBackOff.delay(THIRTY, 5, 0)).isEqualTo(PollBackOff.CAP);
        assertThat(PollBackOff.delay(THIRTY, 1000, 0)).isEqualTo(PollBackOff.CAP);
    }

    @Test
    void jitterOnlyEverMakesTheDelayShorterByAtMostAFifth() {
        Duration full = PollBackOff.delay(THIRTY, 2, 0);
        Duration earliest = PollBackOff.delay(THIRTY, 2, 0.999999);
        assertThat(earliest).isLessThan(full).isGreaterThanOrEqualTo(Duration.ofMillis((long) (full.toMillis() * 0.8)));
    }

    @Test
    void aTransmitterPolledLessOftenThanTheCapIsRetriedAtItsInterval() {
        Duration hour = Duration.ofHours(1);
        assertThat(PollBackOff.delay(hour, 3, 0.5)).isEqualTo(hour);
    }
}
