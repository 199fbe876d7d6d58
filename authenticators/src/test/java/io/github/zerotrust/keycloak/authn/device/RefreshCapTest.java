package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshCapTest {

    @Test
    void defaultsToAnHourAndIsClamped() {
        assertThat(RefreshCap.of(null).max()).isEqualTo(Duration.ofMinutes(60));
        assertThat(RefreshCap.of(Map.of(RefreshCap.MAX_REFRESH_MINUTES, "soon")).max()).isEqualTo(Duration.ofMinutes(60));
        assertThat(RefreshCap.of(Map.of(RefreshCap.MAX_REFRESH_MINUTES, "-5")).max()).isZero();
        assertThat(RefreshCap.of(Map.of(RefreshCap.MAX_REFRESH_MINUTES, 99_999_999)).max()).isEqualTo(Duration.ofDays(30));
        assertThat(RefreshCap.of(Map.of(RefreshCap.MAX_REFRESH_MINUTES, 15)).max()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void allowsRefreshOnlyWithinTheCapAfterSignIn() {
        RefreshCap cap = RefreshCap.of(Map.of(RefreshCap.MAX_REFRESH_MINUTES, "10"));
        assertThat(cap.allows(1_000, 1_000 + 599)).isTrue();
        assertThat(cap.allows(1_000, 1_000 + 600)).isFalse();
    }

    @Test
    void zeroMeansNoRefreshAtAll() {
        assertThat(RefreshCap.of(Map.of(RefreshCap.MAX_REFRESH_MINUTES, "0")).allows(1_000, 1_000)).isFalse();
    }
}
