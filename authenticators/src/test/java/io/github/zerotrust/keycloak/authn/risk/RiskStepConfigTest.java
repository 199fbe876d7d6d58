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
        assertThat(config.webhookSecret().source()).isEqualTo(WebhookSecret.Source.PLAIN);
        assertThat(config.webhookSecret().plain()).isEqualTo("s3cret");
        assertThat(config.webhookSecret().problem()).hasValueSatisfying(p -> assertThat(p).contains("plain text")
                .contains("${vault.zt-alert-webhook-secret}").doesNotContain("s3cret"));
        assertThat(config.webhookSecret().toString()).doesNotContain("s3cret");
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

    @Test
    void theVaultReferenceByItsOneKeyNameIsReadFromTheVault() {
        WebhookSecret secret = RiskStepConfig.parse(Map.of("zt.alert.webhook-secret", "${vault.zt-alert-webhook-secret}")).webhookSecret();

        assertThat(secret.source()).isEqualTo(WebhookSecret.Source.VAULT);
        assertThat(secret.problem()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"${vault.smtp-password}", "${vault.zt-alert-webhook-secret-2}", "${vault.}", "${vault.ZT-ALERT-WEBHOOK-SECRET}",
            "  ${vault.idp-secret}"})
    void aRealmAdminCannotNameAnotherVaultSecretToSignAlerts(String reference) {
        WebhookSecret secret = WebhookSecret.parse(reference);

        assertThat(secret.source()).isEqualTo(WebhookSecret.Source.OTHER_VAULT_KEY);
        assertThat(secret.plain()).isEmpty();
        assertThat(secret.problem()).hasValueSatisfying(p -> assertThat(p).contains("another vault key"));
    }

    @Test
    void noSecretSignsNothingAndIsNoProblem() {
        assertThat(RiskStepConfig.parse(Map.of()).webhookSecret()).isEqualTo(WebhookSecret.NONE);
        assertThat(WebhookSecret.NONE.problem()).isEmpty();
    }
}
