package io.github.zerotrust.keycloak.authn.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MfaGraceTest {

    static final Instant START = Instant.parse("2026-11-29T09:00:00Z");
    static final MfaGrace THREE_DAYS = new MfaGrace(START, Duration.ofDays(3));

    @Test
    void countsWholeDaysLeftRoundedUp() {
        assertThat(THREE_DAYS.daysLeft(START)).isEqualTo(3);
        assertThat(THREE_DAYS.daysLeft(START.plusSeconds(1))).isEqualTo(3);
        assertThat(THREE_DAYS.daysLeft(START.plus(Duration.ofDays(1)))).isEqualTo(2);
        assertThat(THREE_DAYS.daysLeft(START.plus(Duration.ofDays(3)).minusSeconds(1))).isEqualTo(1);
    }

    @Test
    void isOverExactlyAtTheEnd() {
        assertThat(THREE_DAYS.isOver(START.plus(Duration.ofDays(3)).minusSeconds(1))).isFalse();
        assertThat(THREE_DAYS.isOver(START.plus(Duration.ofDays(3)))).isTrue();
        assertThat(THREE_DAYS.isOver(START.plus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    void noGraceIsOverAtOnce() {
        assertThat(new MfaGrace(START, Duration.ZERO).isOver(START)).isTrue();
    }

    @Test
    void configDefaultsToSevenDaysOfAuthenticatorAppAndClamps() {
        assertThat(RequireMfaConfig.parse(Map.of())).isEqualTo(new RequireMfaConfig(Duration.ofDays(7), "CONFIGURE_TOTP"));
        assertThat(RequireMfaConfig.parse(Map.of("grace_days", "1000")).grace()).isEqualTo(Duration.ofDays(90));
        assertThat(RequireMfaConfig.parse(Map.of("grace_days", "-4")).grace()).isEqualTo(Duration.ZERO);
        assertThat(RequireMfaConfig.parse(Map.of("grace_days", "soon")).grace()).isEqualTo(Duration.ofDays(7));
        assertThat(RequireMfaConfig.parse(Map.of("setup", "webauthn")).setupAction()).isEqualTo("webauthn-register");
    }
}
