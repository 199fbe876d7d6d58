package io.github.zerotrust.keycloak.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;

class KeycloakClockTest {

    @AfterEach
    void noOffset() {
        Time.setOffset(0);
    }

    @Test
    void followsKeycloaksTimeOffset() {
        Instant before = KeycloakClock.get().instant();

        Time.setOffset((int) Duration.ofDays(30).toSeconds());
        Instant moved = KeycloakClock.get().instant();

        assertThat(Duration.between(before, moved)).isGreaterThanOrEqualTo(Duration.ofDays(30));
        assertThat(Math.abs(moved.toEpochMilli() - Time.currentTimeMillis())).as("the same second as Keycloak's")
                .isLessThan(1000);
        assertThat(KeycloakClock.get().millis() / 1000).isBetween(Time.currentTimeSeconds() - 1, Time.currentTimeSeconds());
    }

    @Test
    void isUtcAndKeepsFollowingInAnotherZone() {
        Time.setOffset(3600);

        assertThat(KeycloakClock.get().getZone()).isEqualTo(ZoneOffset.UTC);
        java.time.Clock paris = KeycloakClock.get().withZone(ZoneId.of("Europe/Paris"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.instant()).isAfterOrEqualTo(Instant.ofEpochMilli(Time.currentTimeMillis() - 1000));
        assertThat(KeycloakClock.get().withZone(ZoneOffset.UTC)).isSameAs(KeycloakClock.get());
    }
}
