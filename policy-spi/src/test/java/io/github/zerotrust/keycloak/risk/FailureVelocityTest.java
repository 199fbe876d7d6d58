package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureVelocityTest {

    private final FailureVelocity signal = new FailureVelocity(FailureVelocity.Settings.DEFAULTS);

    @ParameterizedTest(name = "{0} user and {1} address failures fire: {2}")
    @CsvSource({
        "0, 0, false",
        "4, 19, false",
        "5, 0, true",
        "0, 20, true",
        "4, 20, true",
        "5, 20, true",
    })
    void firesAtEitherThreshold(int userFailures, int addressFailures, boolean fires) {
        assertThat(signal.evaluate(signIn().failures(userFailures, addressFailures).facts()).isPresent())
                .isEqualTo(fires);
    }

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "6|0|6 failed attempts for the account in 15 min",
        "0|25|25 failed attempts from the address in 15 min",
    })
    void explainsWhichCountFired(int userFailures, int addressFailures, String detail) {
        assertThat(signal.evaluate(signIn().failures(userFailures, addressFailures).facts()).orElseThrow().detail())
                .isEqualTo(detail);
    }

    @ParameterizedTest(name = "threshold {0}: {1} failures fire: {2}")
    @CsvSource({"1, 0, false", "1, 1, true", "3, 2, false", "3, 3, true"})
    void thresholdsAreConfigurable(int threshold, int failures, boolean fires) {
        var custom = new FailureVelocity(new FailureVelocity.Settings(threshold, threshold, Duration.ofMinutes(5)));

        assertThat(custom.evaluate(signIn().failures(failures, 0).facts()).isPresent()).isEqualTo(fires);
        assertThat(custom.evaluate(signIn().failures(0, failures).facts()).isPresent()).isEqualTo(fires);
    }
}
