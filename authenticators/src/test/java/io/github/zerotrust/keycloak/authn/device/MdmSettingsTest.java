package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.Posture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MdmSettingsTest {

    @Test
    void defaultsAreOffClosedAndTwoSeconds() {
        MdmSettings settings = MdmSettings.of(Map.of());
        assertThat(settings.baseUrl()).isEmpty();
        assertThat(settings.failOpen()).isFalse();
        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void timeoutsAreClampedAndOnlyHttpUrlsCount() {
        assertThat(MdmSettings.of(Map.of(MdmSettings.TIMEOUT_MS, "5")).timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(MdmSettings.of(Map.of(MdmSettings.TIMEOUT_MS, "999999")).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(MdmSettings.of(Map.of(MdmSettings.TIMEOUT_MS, "soon")).timeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(MdmSettings.of(Map.of(MdmSettings.URL, "file:///etc/passwd")).baseUrl()).isEmpty();
        assertThat(MdmSettings.of(Map.of(MdmSettings.URL, "https://graph.microsoft.com/v1.0/")).baseUrl().orElseThrow())
                .hasToString("https://graph.microsoft.com/v1.0");
    }

    @Test
    void failOpenOnlyWhenSaidSo() {
        assertThat(MdmSettings.of(Map.of(MdmSettings.FAIL_OPEN, "true")).failOpen()).isTrue();
        assertThat(MdmSettings.of(Map.of(MdmSettings.FAIL_OPEN, "yes")).failOpen()).isFalse();
    }

    static final class TickingClock extends Clock {
        Instant now = Instant.parse("2026-10-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theCacheForgetsAnAnswerOnceItsLifetimeIsOver() throws Exception {
        TickingClock clock = new TickingClock();
        PostureCache cache = new PostureCache(10, Duration.ofSeconds(60), clock);
        cache.put("d1", Optional.of(io.github.zerotrust.keycloak.device.GraphManagedDevice.of(
                io.github.zerotrust.keycloak.json.JsonFormat.strict().readTree("{\"id\":\"d1\",\"userPrincipalName\":\"alice@example.test\"}"))), "d1-digest");
        cache.put("d2", Optional.empty(), "404");
        clock.now = clock.now.plusSeconds(59);
        assertThat(cache.get("d1")).isPresent();
        assertThat(cache.get("d2")).hasValueSatisfying(entry -> assertThat(entry.device()).isEmpty());
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.get("d1")).isEmpty();
    }

    @Test
    void theCacheIsBoundedAndDropsTheLeastRecentlyUsed() {
        PostureCache cache = new PostureCache(2, Duration.ofSeconds(60), new TickingClock());
        cache.put("a", Optional.empty(), "404");
        cache.put("b", Optional.empty(), "404");
        cache.get("a");
        cache.put("c", Optional.empty(), "404");
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("a")).isPresent();
    }

    @Test
    void aZeroLifetimeCachesNothing() {
        PostureCache cache = new PostureCache(2, Duration.ZERO, new TickingClock());
        cache.put("a", Optional.empty(), "404");
        assertThat(cache.get("a")).isEmpty();
    }

    @Test
    void theTokenIsOnlyEverTheFixedVaultReference() {
        assertThat(MdmSettings.of(Map.of(MdmSettings.TOKEN, "${vault.zt-mdm-token}")).tokenProblem()).isEmpty();
        assertThat(MdmSettings.of(Map.of()).tokenProblem()).as("no token: no Authorization header").isEmpty();
        assertThat(MdmSettings.of(Map.of(MdmSettings.TOKEN, "${vault.smtp-password}")).tokenProblem())
                .hasValueSatisfying(p -> assertThat(p).endsWith("not another vault key"));
        assertThat(MdmSettings.of(Map.of(MdmSettings.TOKEN, "eyJhbGciOi...")).tokenProblem())
                .hasValueSatisfying(p -> assertThat(p).endsWith("not the token itself").doesNotContain("eyJ"));
    }
}
