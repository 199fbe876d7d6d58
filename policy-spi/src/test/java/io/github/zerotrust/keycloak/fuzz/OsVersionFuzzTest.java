package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.device.OsVersion;
import java.util.Optional;

/** OS versions from agents, tokens and MDMs: a version or nothing; comparisons are a total order. */
class OsVersionFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void parsesAnyTextToAVersionOrNothing(FuzzedDataProvider data) {
        String one = data.consumeString(100);
        String other = data.consumeRemainingAsString();

        Optional<OsVersion> first = OsVersion.parse(one);
        Optional<OsVersion> second = OsVersion.parse(other);

        if (first.isEmpty()) {
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of(one));
        }
        if (first.isPresent() && second.isPresent()) {
            int forward = first.get().compareTo(second.get());
            assertThat(Integer.signum(second.get().compareTo(first.get()))).isEqualTo(-Integer.signum(forward));
            assertThat(first.get().isBelow(second.get())).isEqualTo(forward < 0);
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new OsVersionFuzzTest().parsesAnyTextToAVersionOrNothing(data);
    }
}
