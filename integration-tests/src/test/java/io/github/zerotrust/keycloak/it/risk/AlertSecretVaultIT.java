package io.github.zerotrust.keycloak.it.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AlertReceiver;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alert webhook's secret, kept where an operator keeps secrets: Keycloak's vault, by the one key name the docs
 * give. A realm admin who names another vault secret gets nothing signed with it (an HMAC keyed with the server's
 * SMTP password, say, would let him test guesses of it), and a secret typed into the settings still works, with a
 * warning. Each realm signs in one user from London and then, minutes later, from Sydney: a high-risk sign-in that
 * raises an alert.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertSecretVaultIT {

    static final String LONDON = "192.0.2.10";
    static final String SYDNEY = "203.0.113.5";
    static final String VAULT_REFERENCE = "${vault.zt-alert-webhook-secret}";

    KeycloakServer server;
    AdminApi admin;
    AlertReceiver alerts;

    @BeforeAll
    void start(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.alerts = AlertReceiver.answering();
    }

    @AfterAll
    void stop() {
        alerts.close();
        for (String realm : List.of("it-alert-vault", "it-alert-other-key", "it-alert-no-secret", "it-alert-plain")) {
            admin.deleteRealm(realm);
        }
    }

    /** A realm whose direct-grant flow assesses risk and alerts on high risk, signing with {@code secret}. */
    void realm(String name, String user, String secret) {
        admin.deleteRealm(name);
        admin.createRealm(RealmBuilder.realm(name)
                .user(user, user + "-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("alerting direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of(
                                "zt.risk.unusual-hour.mode", "off",
                                "zt.alert.level", "high",
                                "zt.alert.webhook-url", alerts.url(),
                                "zt.alert.webhook-secret", secret)))
                .build());
    }

    /** London, then Sydney minutes later: impossible travel, high risk, an alert. */
    void travelImpossibly(String realm, String user) {
        assertThat(Oidc.passwordGrant(server, realm, "test-app", user, user + "-password", LONDON).status()).isEqualTo(200);
        HttpResult fromSydney = Oidc.passwordGrant(server, realm, "test-app", user, user + "-password", SYDNEY);
        assertThat(fromSydney.status()).as("the direct-grant flow does not deny; the alert is what is tested").isEqualTo(200);
    }

    static String signature(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** Polls the server's log, with a generous bound, until it holds {@code text}. */
    void awaitLog(String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!server.log().contains(text)) {
            assertThat(Instant.now()).as("the log says: " + text).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aSecretKeptInTheVaultSignsTheAlert() throws Exception {
        server.putVaultSecret("it-alert-vault", "zt-alert-webhook-secret", "secret-from-the-vault");
        realm("it-alert-vault", "uma", VAULT_REFERENCE);

        travelImpossibly("it-alert-vault", "uma");

        AlertReceiver.Received alert = alerts.await(r -> r.body().contains("\"username\":\"uma\""));
        assertThat(alert.signature()).isEqualTo(signature("secret-from-the-vault", alert.body()));
        assertThat(server.log()).doesNotContain("secret-from-the-vault");
    }

    @Test
    void aRealmAdminCannotHaveAnotherVaultSecretSignTheAlerts() throws Exception {
        server.putVaultSecret("it-alert-other-key", "smtp-password", "the-smtp-password");
        realm("it-alert-other-key", "vera", "${vault.smtp-password}");

        travelImpossibly("it-alert-other-key", "vera");

        awaitLog("Realm it-alert-other-key: zt.alert.webhook-secret names another vault key");
        assertThat(alerts.received()).as("nothing was sent, so nothing was signed with the SMTP password")
                .noneMatch(r -> r.body().contains("\"username\":\"vera\""));
        assertThat(server.log()).doesNotContain("the-smtp-password");
    }

    @Test
    void theVaultReferenceWithoutASecretInTheVaultSendsNothingUnsigned() throws Exception {
        realm("it-alert-no-secret", "wendy", VAULT_REFERENCE);

        travelImpossibly("it-alert-no-secret", "wendy");

        awaitLog("Realm it-alert-no-secret: the vault holds no zt-alert-webhook-secret");
        assertThat(alerts.received()).noneMatch(r -> r.body().contains("\"username\":\"wendy\""));
    }

    @Test
    void aSecretTypedIntoTheSettingsStillSignsWithAWarning() throws Exception {
        realm("it-alert-plain", "xena", "typed-into-the-settings");

        travelImpossibly("it-alert-plain", "xena");

        AlertReceiver.Received alert = alerts.await(r -> r.body().contains("\"username\":\"xena\""));
        assertThat(alert.signature()).isEqualTo(signature("typed-into-the-settings", alert.body()));
        awaitLog("Realm it-alert-plain: zt.alert.webhook-secret holds the secret in plain text");
        assertThat(server.log()).doesNotContain("typed-into-the-settings");
    }
}
