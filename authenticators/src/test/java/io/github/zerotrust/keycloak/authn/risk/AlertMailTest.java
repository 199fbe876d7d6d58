package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMailTest {

    @Test
    void aBreakGlassAlertSaysWhoWhereAndWhatAndIsCritical() {
        RiskAlert alert = RiskAlert.breakGlass("acme", "user-1", "glass-1", "198.51.100.7", "KP", 0,
                "failed sign-in (invalid_user_credentials)", Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(alert.type()).isEqualTo("zero-trust.break-glass-sign-in");
        assertThat(alert.level()).isEqualTo("critical");
        assertThat(AlertMail.subject(alert)).isEqualTo("Break-glass account signed in or tried: glass-1 (realm acme)");
        assertThat(AlertMail.text(alert)).contains("break-glass (emergency) account of realm acme", "glass-1",
                "198.51.100.7 (KP)", "2026-12-01T10:00:00Z", "failed sign-in (invalid_user_credentials)", "zt-break-glass");
    }

    @Test
    void aHighRiskAlertKeepsItsOwnSubject() {
        RiskAlert alert = new RiskAlert(RiskAlert.TYPE, "acme", "user-1", "frank", "192.0.2.7", "GB", 80, "high",
                List.of(new RiskAlert.Reason("new-country", "GB", 40)), "2026-11-29T10:00:00Z");
        assertThat(AlertMail.subject(alert)).isEqualTo("High-risk sign-in: frank (high, score 80)");
        assertThat(AlertMail.text(alert)).contains("assessed as high risk (score 80 of 100)");
    }
}
