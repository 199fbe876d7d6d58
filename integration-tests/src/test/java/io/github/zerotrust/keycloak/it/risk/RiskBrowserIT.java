package io.github.zerotrust.keycloak.it.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AlertReceiver;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SmtpSink;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * One person's sign-ins, in order, as the risk engine sees them: a first sign-in on a new browser,
 * the same browser again, then a sign-in from the other side of the world minutes later, which is
 * refused. Alerts reach the webhook; What-If agrees with what really happened; the history survives
 * a restart.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RiskBrowserIT {

    static final String REALM = "it-risk";
    static final String OTP_SECRET = "zero-trust-otp-secret-1";
    static final String WEBHOOK_SECRET = "webhook-secret";
    static final String LONDON = "192.0.2.10";
    static final String SYDNEY = "203.0.113.5";
    static final String FRANKFURT_VPN = "198.18.0.20";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    AlertReceiver alerts;
    SmtpSink smtp;
    Browser browser;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        this.alerts = AlertReceiver.answering();
        this.smtp = new SmtpSink();
        admin.deleteRealm(REALM);
        admin.createRealm(realm(alerts.url()).build());
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/vpn", Map.of("ranges", List.of("198.18.0.0/15"), "trusted", true))
                .expect(201);
        browser = Browser.start();
    }

    RealmBuilder realm(String webhook) {
        Map<String, String> risk = new HashMap<>(Map.of(
                "zt.risk.unusual-hour.mode", "off",
                "zt.risk.impossible-travel.same-asn-exempt", "true",
                "zt.risk.impossible-travel.exception-zones", "vpn",
                "zt.alert.level", "high",
                "zt.alert.webhook-url", webhook,
                "zt.alert.webhook-secret", WEBHOOK_SECRET,
                "zt.alert.email-group", "/it-admins"));
        return RealmBuilder.realm(REALM)
                .user("erin", "erin-password")
                .userWithOtp("frank", "frank-password", OTP_SECRET)
                .user("gina", "gina-password")
                .user("ivan", "ivan-password")
                .group("it-admins", "ivan")
                .smtp("127.0.0.1", smtp.port())
                .client("test-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel("risk browser")
                        .required(Flow.standardSignIn("risk browser"))
                        .required("zt-risk-assessment", "assess-risk", risk)
                        .conditional(Flow.sub("risk browser high")
                                .required("zt-condition-risk-level", "high-risk", Map.of("level", "high"))
                                .required("zt-deny-access", "deny-high-risk", Map.of()))
                        .conditional(Flow.sub("risk browser medium")
                                .required("zt-condition-risk-level", "medium-risk", Map.of("level", "medium"))
                                .required("zt-enrolment-guard", "no-enrolment-under-risk", Map.of())
                                .required("auth-otp-form")))
                .directGrantFlow(Flow.topLevel("risk direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "dg-assess-risk", risk)
                        .conditional(Flow.sub("risk direct grant high")
                                .required("zt-condition-risk-level", "dg-high-risk", Map.of("level", "high"))
                                .required("zt-deny-access", "dg-deny-high-risk", Map.of())));
    }

    @AfterAll
    void cleanUp() {
        browser.close();
        app.close();
        alerts.close();
        smtp.close();
        admin.deleteRealm(REALM);
    }

    String signInUrl() {
        // prompt=login: sign in with the password every time, as a person would on a new day.
        return Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&prompt=login";
    }

    JsonNode signInAs(String username, String password, String from) {
        browser.from(from).open(signInUrl());
        new LoginPage(browser).signIn(username, password);
        return null;
    }

    JsonNode lastLogin(String username, String type, String from) {
        return Events.await(admin, REALM, type, e -> username.equals(e.path("details").path("username").asText())
                && from.equals(e.path("ipAddress").asText()));
    }

    HttpResult whatIf(Map<String, Object> question) {
        return admin.post("/admin/realms/" + REALM + "/zero-trust/what-if", question);
    }

    @Test
    @Order(1)
    void aFirstSignInOnANewBrowserScoresANewDevice() {
        signInAs("erin", "erin-password", LONDON);

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = lastLogin("erin", "LOGIN", LONDON);
        assertThat(Events.detail(event, "zt_risk_reasons")).isEqualTo("new-device");
        assertThat(Events.detail(event, "zt_risk_score")).isEqualTo("25");
        assertThat(Events.detail(event, "zt_risk_level")).isEqualTo("low");
        assertThat(Events.detail(event, "zt_device")).isEqualTo("none");
        assertThat(deviceCookie()).as("the browser is now recognised").isNotBlank();
    }

    @Test
    @Order(2)
    void theSameBrowserAgainScoresNothing() {
        admin.clearEvents(REALM);
        signInAs("erin", "erin-password", LONDON);

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = lastLogin("erin", "LOGIN", LONDON);
        assertThat(Events.detail(event, "zt_device")).isEqualTo("recognised");
        assertThat(Events.detail(event, "zt_risk_score")).isEqualTo("0");
        assertThat(Events.detail(event, "zt_risk_reasons")).isEqualTo("none");
    }

    @Test
    @Order(3)
    void sydneyMinutesAfterLondonIsImpossibleTravelAndWhatIfSaysSoFirst() {
        String device = deviceIdOf(deviceCookie());
        JsonNode predicted = whatIf(Map.of("user", "erin", "address", SYDNEY, "device", device)).expect(200).json();

        signInAs("erin", "erin-password", SYDNEY);

        DeniedPage denied = new DeniedPage(browser);
        browser.screenshot("denied-impossible-travel");
        assertThat(denied.isShown()).isTrue();
        assertThat(denied.message()).isEqualTo("This sign-in looks unusual for your account, so it was refused.");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_risk_level")).isEqualTo("high");
        assertThat(Events.detail(event, "zt_risk_reasons")).isEqualTo("new-country,impossible-travel");
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("high-risk");

        assertThat(predicted.path("risk").path("score").asText()).isEqualTo(Events.detail(event, "zt_risk_score"));
        assertThat(predicted.path("risk").path("level").asText()).isEqualTo("high");
        assertThat(predicted.path("conditions")).anySatisfy(c -> {
            assertThat(c.path("rule").asText()).isEqualTo("high-risk");
            assertThat(c.path("matches").asBoolean()).isTrue();
        });
        assertThat(predicted.path("risk").path("reasons")).anySatisfy(r ->
                assertThat(r.path("detail").asText()).contains("km/h"));
    }

    @Test
    @Order(4)
    void theWebhookHearsOfTheHighRiskSignInSigned() throws Exception {
        AlertReceiver.Received alert = alerts.await(r -> r.body().contains("\"username\":\"erin\"")
                && r.body().contains("\"level\":\"high\""));

        JsonNode body = Json.parse(alert.body());
        assertThat(body.path("type").asText()).isEqualTo("zero-trust.high-risk-sign-in");
        assertThat(body.path("country").asText()).isEqualTo("AU");
        assertThat(body.path("reasons")).hasSize(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(alert.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(alert.signature()).isEqualTo(expected);
        assertThat(alert.body()).doesNotContain("password").doesNotContain("ZT_DEVICE");
    }

    @Test
    @Order(4)
    void theItAdminsGroupIsEmailedTheAlert() {
        SmtpSink.Mail mail = smtp.await(m -> m.data().contains("erin"));

        assertThat(mail.recipients()).containsExactly("ivan@example.test");
        assertThat(mail.data()).contains("Subject: High-risk sign-in: erin (high, score 90)")
                .contains("impossible-travel").contains("AU");
    }

    @Test
    @Order(5)
    void aRefusedSignInTeachesTheHistoryNothing() {
        String device = deviceIdOf(deviceCookie());

        JsonNode again = whatIf(Map.of("user", "erin", "address", SYDNEY, "device", device)).expect(200).json();

        assertThat(again.path("risk").path("level").asText()).as("Sydney is still new for erin").isEqualTo("high");
    }

    @Test
    @Order(6)
    void mediumRiskAsksForTheOneTimeCode() {
        establishHistoryFromLondon("frank", "frank-password");
        try (Browser other = Browser.start()) {
            other.from(FRANKFURT_VPN).open(signInUrl());
            new LoginPage(other).signIn("frank", "frank-password");

            other.element(By.id("otp")).sendKeys(Totp.now(OTP_SECRET));
            other.element(By.id("kc-login")).click();

            assertThat(new AppPage(other).isShown()).as(other.pageSource()).isTrue();
        }
        JsonNode event = lastLogin("frank", "LOGIN", FRANKFURT_VPN);
        assertThat(Events.detail(event, "zt_risk_level")).isEqualTo("medium");
        assertThat(Events.detail(event, "zt_risk_reasons")).isEqualTo("new-device,new-country");
    }

    @Test
    @Order(7)
    void mediumRiskNeverEnrolsANewFactor() {
        establishHistoryFromLondon("gina", "gina-password");
        try (Browser other = Browser.start()) {
            other.from(FRANKFURT_VPN).open(signInUrl());
            new LoginPage(other).signIn("gina", "gina-password");

            DeniedPage denied = new DeniedPage(other);
            other.screenshot("enrolment-refused-under-risk");
            assertThat(denied.isShown()).isTrue();
            assertThat(denied.message()).startsWith("A new sign-in method cannot be set up during this sign-in");
            assertThat(denied.whatToDo()).contains("contact your IT team");
            assertThat(other.has(By.id("kc-totp-secret-qr-code"))).isFalse();
        }
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR",
                e -> "gina".equals(e.path("details").path("username").asText()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("no-enrolment-under-risk");
    }

    void establishHistoryFromLondon(String user, String password) {
        assertThat(Oidc.passwordGrant(server, REALM, "test-app", user, password, LONDON).status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void aTamperedDeviceCookieCountsAsANewDevice() {
        String cookie = deviceCookie();
        String tampered = cookie.substring(0, cookie.length() - 4) + (cookie.endsWith("AAAA") ? "BBBB" : "AAAA");
        browser.addCookie("ZT_DEVICE", tampered, "/realms/" + REALM + "/");
        admin.clearEvents(REALM);

        signInAs("erin", "erin-password", LONDON);

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = lastLogin("erin", "LOGIN", LONDON);
        assertThat(Events.detail(event, "zt_device")).isEqualTo("tampered");
        assertThat(Events.detail(event, "zt_risk_reasons")).contains("new-device");
        assertThat(server.log()).contains("a recognised-browser cookie that does not verify");
    }

    @Test
    @Order(9)
    void failedPasswordsRaiseTheNextSignInsRisk() {
        for (int i = 0; i < 5; i++) {
            assertThat(Oidc.passwordGrant(server, REALM, "test-app", "gina", "wrong", LONDON).status()).isEqualTo(400);
        }
        HttpResult ok = Oidc.passwordGrant(server, REALM, "test-app", "gina", "gina-password", LONDON);

        assertThat(ok.status()).isEqualTo(200);
        JsonNode event = lastLogin("gina", "LOGIN", LONDON);
        assertThat(Events.detail(event, "zt_risk_reasons")).contains("failure-velocity");
    }

    @Test
    @Order(10)
    void countsSignInsByOutcomeAndRiskOnTheMetricsEndpoint() {
        String metrics = Http.get(server.managementUrl() + "/metrics", Map.of()).expect(200).body();

        assertThat(metrics).containsPattern("zt_sign_ins_total\\{.*outcome=\"denied\".*risk_level=\"high\".*\\} [1-9]");
        assertThat(metrics).containsPattern("zt_sign_ins_total\\{.*outcome=\"success\".*risk_level=\"low\".*\\} [1-9]");
    }

    @Test
    @Order(11)
    void whatIfRefusesBadQuestions() {
        String path = "/admin/realms/" + REALM + "/zero-trust/what-if";
        for (String bad : List.of("{", "[]", "null", "{\"user\":\"erin\"}", "{\"user\":\"nobody\",\"address\":\"192.0.2.1\"}",
                "{\"user\":\"erin\",\"address\":\"not-an-ip\"}", "{\"user\":\"erin\",\"address\":\"192.0.2.1\",\"time\":\"yesterday\"}",
                "{\"user\":\"erin\",\"address\":\"192.0.2.1\",\"surprise\":1}",
                "{\"user\":\"erin\",\"address\":\"192.0.2.1\",\"device\":\"<script>\"}",
                "{\"user\":\"erin\",\"address\":\"192.0.2.1\",\"pad\":\"" + "x".repeat(20_000) + "\"}")) {
            HttpResult result = admin.post(path, bad);
            assertThat(result.status()).as(bad.length() > 80 ? bad.substring(0, 80) : bad).isEqualTo(bad.length() > 16 * 1024 ? 413 : 400);
            assertThat(result.json().path("error").asText()).matches("[a-z]+(-[a-z]+)+");
            assertThat(result.json().path("error_description").asText()).isNotBlank();
        }
    }

    @Test
    @Order(12)
    void aWebhookThatHangsDoesNotHoldUpSignIns() {
        try (AlertReceiver hanging = AlertReceiver.hanging()) {
            Map<String, String> risk = Map.of("zt.risk.unusual-hour.mode", "off", "zt.alert.level", "medium",
                    "zt.risk.impossible-travel.exception-zones", "vpn", "zt.alert.webhook-url", hanging.url());
            admin.updateAuthenticatorConfig(REALM, "risk direct grant", "dg-assess-risk", risk);
            for (int i = 0; i < 3; i++) {
                // From a new country each time: a medium (alerting) sign-in that succeeds.
                HttpResult result = Oidc.passwordGrant(server, REALM, "test-app", "frank", "frank-password", "192.88.99.7");
                assertThat(result.status()).as(result.body()).isEqualTo(200);
            }
            hanging.await(r -> r.body().contains("\"username\":\"frank\""));
        }
    }

    @Test
    @Order(13)
    void theHistorySurvivesARestart() {
        String device = deviceIdOf(deviceCookie());
        server.restart();

        JsonNode answer = whatIf(Map.of("user", "erin", "address", LONDON, "device", device)).expect(200).json();

        assertThat(answer.path("risk").path("score").asInt()).as(answer.toString()).isZero();
    }

    /** The recognised-browser cookie, read on a page of the realm (cookies are visible by path). */
    String deviceCookie() {
        browser.open(server.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
        return browser.cookie("ZT_DEVICE");
    }

    /** The device id inside the (signed) cookie, as an admin would read it from the history. */
    static String deviceIdOf(String cookie) {
        String payload = cookie.split("\\.")[1];
        JsonNode claims = Json.parse(new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
        return claims.path("did").asText();
    }
}
