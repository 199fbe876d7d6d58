package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PendingSignInTest {

    @Test
    void roundTripsThroughTheUserSessionNote() {
        PastSignIn london = new PastSignIn(Instant.parse("2026-11-29T10:00:00Z"), "192.0.2.10", Country.of("GB"),
                51.5074, -0.1278, 20, 64500L, "device-1", Set.of("office"));
        PendingSignIn pending = PendingSignIn.of("user-1", london, true, 50, Duration.ofDays(90), true, "low");

        PendingSignIn read = PendingSignIn.fromNote(pending.toNote()).orElseThrow();

        assertThat(read.toPastSignIn("device-2")).isEqualTo(new PastSignIn(london.at(), "192.0.2.10", Country.of("GB"),
                51.5074, -0.1278, 20, 64500L, "device-2", Set.of("office")));
        assertThat(read.browser()).isTrue();
        assertThat(read.historySize()).isEqualTo(50);
        assertThat(read.retentionDays()).isEqualTo(90);
        assertThat(read.riskLevel()).isEqualTo("low");
    }

    @Test
    void anUnknownCountryStaysUnknown() {
        PastSignIn nowhere = new PastSignIn(Instant.EPOCH, null, Country.UNKNOWN, null, null, null, null, null, Set.of());

        PastSignIn read = PendingSignIn.fromNote(PendingSignIn.of("user-1", nowhere, false, 10, Duration.ofDays(1), false, "medium")
                .toNote()).orElseThrow().toPastSignIn(null);

        assertThat(read.country()).isEqualTo(Country.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "{\"at\":\"yesterday\"}", "null"})
    void garbageIsNoPendingSignIn(String note) {
        assertThat(PendingSignIn.fromNote(note)).isEmpty();
    }

    @Test
    void anOversizedNoteIsIgnored() {
        assertThat(PendingSignIn.fromNote("{\"addressKey\":\"" + "x".repeat(5000) + "\"}")).isEmpty();
    }
}
