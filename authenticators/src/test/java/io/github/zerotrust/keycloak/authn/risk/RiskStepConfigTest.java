package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.RiskLevel;
import io.github.zerotrust.keycloak.risk.RiskSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RiskStepConfigTest {

    @Test
    void defaultsAlertOnHighRiskNowhere() {
        RiskStepConfig config = RiskStepConfig.parse(Map.of());

        assertThat(config.webhook()).isEmpty();
        assertThat(config.alertLevel()).isEqualTo(RiskLevel.HIGH);
        assertThat(config.risk()).isEqualTo(RiskSettings.defaults());
    }

    @Test
    void readsTheWebhookAndItsSecret() {
        RiskStepConfig config = RiskStepConfig.parse(Map.of("zt.alert.webhook-url", "https://siem.example.test/hook",
                "zt.alert.webhook-secret", "s3cret", "zt.alert.level", "medium"));

        assertThat(config.webhook()).hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("siem.example.test"));
        assertThat(config.webhookSecret()).isEqualTo("s3cret");
        assertThat(config.alertLevel()).isEqualTo(RiskLevel.MEDIUM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.test/x", "file:///etc/passwd", "not a url", "https://", "javascript:alert(1)"})
    void refusesWebhooksThatAreNotHttp(String url) {
        assertThat(RiskStepConfig.parse(Map.of("zt.alert.webhook-url", url)).webhook()).isEmpty();
    }

    @Test
    void anUnknownAlertLevelFallsBackToHigh() {
        assertThat(RiskStepConfig.parse(Map.of("zt.alert.level", "extreme")).alertLevel()).isEqualTo(RiskLevel.HIGH);
    }

    @Test
    void signsAlertBodiesWithHmacSha256() {
        // RFC 4231 test case 2.
        assertThat(RiskAlerts.sign("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
