package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SmtpSink;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Step-up for an activation is what the presented token itself proves, named by the realm's levels, issued to an
 * app the realm lists, from a session that is the user's own and whose factors were not set up in it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationStepUpIT {

    static final String REALM = "it-elevation-stepup";
    static final String FLOW = "stepup browser";
    static final String ERIN_OTP = "erin-otp-secret-for-step-up";

    ElevationApi api;
    AdminApi admin;
    AppServer app;
    SmtpSink smtp;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.api = new ElevationApi(server, admin, REALM);
        this.app = AppServer.start();
        this.smtp = new SmtpSink();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("acr.loa.map", "{\"pwd\":1,\"mfa\":2,\"phr\":3}")
                .attribute("zt.elevation.allowed-clients", "test-app, relabel-app")
                .attribute("zt.elevation.alert-email", "security@example.test")
                .smtp("127.0.0.1", smtp.port())
                .userWithOtp("erin", "erin-password", ERIN_OTP)
                .user("ravi", "ravi-password")
                .user("nia", "nia-password")
                .user("ivan", "ivan-password")
                .user("paula", "paula-password")
                .client("test-app", List.of(app.callback()))
                .client("other-app", List.of(app.callback()))
                .client("relabel-app", List.of(app.callback()))
                // A client that calls a password "phr": its own acr.loa.map must not speak for the realm.
                .clientAttribute("relabel-app", "acr.loa.map", "{\"phr\":1,\"mfa\":1}")
                .browserFlow(ElevationApi.levelsFlow(FLOW))
                .build());
        for (String role : List.of("ops", "phr-ops", "nia-ops", "any-ops", "paula-ops")) {
            api.role(role);
        }
        admin.post("/admin/realms/" + REALM + "/authentication/register-required-action",
                Map.of("providerId", "zt-elevate", "name", "Zero Trust - activate a privileged role")).expect(204);
        api.eligibility(Map.of("user", "erin", "role", "realm:ops", "stepUp", "mfa"));
        api.eligibility(Map.of("user", "erin", "role", "realm:any-ops", "stepUp", "none"));
        api.eligibility(Map.of("user", "ravi", "role", "realm:phr-ops", "stepUp", "phr"));
        api.eligibility(Map.of("user", "nia", "role", "realm:nia-ops", "stepUp", "mfa"));
        api.eligibility(Map.of("user", "paula", "role", "realm:paula-ops", "stepUp", "none"));
        api.adminRole("ivan", "impersonation");
    }

    @AfterAll
    void cleanUp() {
        app.close();
        smtp.close();
        admin.deleteRealm(REALM);
    }

    @Test
    void aClientsOwnAcrMapCannotRelabelAPasswordAsPhishingResistant() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            JsonNode tokens = api.browserTokens(browser, app, "relabel-app", "ravi", null, "phr");
            String token = tokens.path("access_token").asText();
            assertThat(Oidc.claims(token).path("acr").asText()).as("the client's map calls a password phr").isEqualTo("phr");

            HttpResult activated = api.activate(token, "realm:phr-ops", 30, "rotate the signing keys");

            assertThat(activated.status()).as(activated.body()).isEqualTo(403);
            assertThat(activated.json().path("error").asText()).isEqualTo("step-up-required");
            assertThat(api.activeElevationsOf("ravi")).isZero();
            assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "ravi"))).doesNotContain("phr-ops");
            Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", e -> "step-up-required".equals(e.path("error").asText())
                    && "realm:phr-ops".equals(Events.detail(e, "zt_role")));
        }
    }

    @Test
    void aTokenFromBeforeTheStepUpCannotActivate() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            String before = api.browserTokens(browser, app, "test-app", "erin", null, null).path("access_token").asText();
            assertThat(api.activate(before, "realm:ops", 30, "restart the payment service").json().path("error").asText())
                    .isEqualTo("step-up-required");

            // The same person steps up in another app of the same browser session.
            browser.open(api.authUrl("other-app", app.callback()) + "&acr_values=mfa");
            browser.element(By.id("otp")).sendKeys(ElevationApi.freshOtp(ERIN_OTP));
            browser.element(By.id("kc-login")).click();
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();

            HttpResult replayed = api.activate(before, "realm:ops", 30, "restart the payment service");

            assertThat(replayed.status()).as(replayed.body()).isEqualTo(403);
            assertThat(replayed.json().path("error").asText()).isEqualTo("step-up-required");
            assertThat(api.activeElevationsOf("erin")).isZero();
            assertThat(api.effectiveRealmRoles("erin")).doesNotContain("ops");

            // A token that itself shows the step-up does activate.
            String stepped = api.browserTokens(browser, app, "test-app", "erin", ERIN_OTP, "mfa").path("access_token").asText();
            assertThat(Oidc.claims(stepped).path("acr").asText()).isEqualTo("mfa");
            HttpResult granted = api.activate(stepped, "realm:ops", 30, "restart the payment service");
            assertThat(granted.status()).as(granted.body()).isEqualTo(201);
            assertThat(api.call("POST", "elevations/" + granted.json().path("elevation").path("id").asText() + "/deactivate",
                    stepped, null).status()).isEqualTo(200);
        }
    }

    @Test
    void aTokenOfAnAppOutsideTheElevationAudienceCannotActivate() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            String otherApp = api.browserTokens(browser, app, "other-app", "erin", ERIN_OTP, "mfa").path("access_token").asText();
            assertThat(Oidc.claims(otherApp).path("azp").asText()).isEqualTo("other-app");

            HttpResult activated = api.activate(otherApp, "realm:any-ops", 30, "look at the logs");

            assertThat(activated.status()).as(activated.body()).isEqualTo(403);
            assertThat(activated.json().path("error").asText()).isEqualTo("client-not-allowed");
            assertThat(api.activeElevationsOf("erin")).isZero();
            Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", e -> "client-not-allowed".equals(e.path("error").asText()));
        }
    }

    @Test
    void aFactorSetUpInThisSessionCannotSatisfyTheStepUp() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(Oidc.authorizationUrl(api.server, REALM, "test-app", app.callback())
                    + "&kc_action=zt-elevate&acr_values=mfa&prompt=login");
            // Only the password is known: the attacker sets up a one-time code of their own on the way in.
            new LoginPage(browser).signIn("nia", "nia-password");
            browser.element(By.id("mode-manual")).click();
            String secret = browser.element(By.id("kc-totp-secret-key")).getText();
            browser.element(By.id("totp")).sendKeys(Totp.fromShownSecret(secret));
            browser.element(By.id("saveTOTPBtn")).click();

            browser.element(By.id("zt-role"));
            browser.element(By.id("zt-justification")).sendKeys("just set up my phone");
            browser.element(By.id("zt-elevate-submit")).click();

            // The form is on the page before and after the submit: wait for the answer, not for the form.
            browser.waitUntil(b -> b.pageSource().contains("The role was not activated: new-factor-in-session"));
            assertThat(browser.element(By.id("zt-elevate-form")).isDisplayed()).as(browser.pageSource()).isTrue();
        }
        assertThat(api.activeElevationsOf("nia")).isZero();
        assertThat(api.effectiveRealmRoles("nia")).doesNotContain("nia-ops");
        JsonNode notice = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", e -> "new-factor".equals(Events.detail(e, "zt_action")));
        assertThat(notice.path("userId").asText()).isEqualTo(api.userId("nia"));
        assertThat(smtp.await(m -> m.data().contains("New sign-in factor") && m.recipients().contains("nia@example.test")))
                .isNotNull();
        assertThat(smtp.await(m -> m.data().contains("New sign-in factor") && m.recipients().contains("security@example.test")))
                .isNotNull();
    }

    @Test
    void anImpersonatedSessionCannotRequestOrActivate() {
        String paula = api.userId("paula");
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(api.server.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
            Object status = browser.script("return fetch(arguments[0], {method: 'POST', credentials: 'include',"
                    + " headers: {'Authorization': 'Bearer ' + arguments[1]}}).then(r => r.status);",
                    api.server.baseUrl() + "/admin/realms/" + REALM + "/users/" + paula + "/impersonation",
                    api.passwordToken("test-app", "ivan"));
            assertThat(status).as("ivan may impersonate").isEqualTo(200L);
            String impersonated = api.ssoTokens(browser, app, "test-app").path("access_token").asText();
            assertThat(Oidc.claims(impersonated).path("sub").asText()).isEqualTo(paula);

            HttpResult activated = api.activate(impersonated, "realm:paula-ops", 30, "as paula");

            assertThat(activated.status()).as(activated.body()).isEqualTo(403);
            assertThat(activated.json().path("error").asText()).isEqualTo("impersonated");
        }
        assertThat(api.activeElevationsOf("paula")).isZero();
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "paula"))).doesNotContain("paula-ops");
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", e -> "impersonated".equals(e.path("error").asText()));
        assertThat(Events.detail(event, "zt_impersonator")).isEqualTo(api.userId("ivan"));
    }
}
