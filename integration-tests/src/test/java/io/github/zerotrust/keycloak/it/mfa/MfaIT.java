package io.github.zerotrust.keycloak.it.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/** MFA for everyone, with a grace period that counts down and then blocks; no more password grants. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MfaIT {

    static final String REALM = "it-mfa";
    static final String BROWSER_FLOW = "mfa browser";
    static final String OTP_SECRET = "zero-trust-otp-secret-2";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("kim", "kim-password")
                .user("mia", "mia-password")
                .userWithOtp("lee", "lee-password", OTP_SECRET)
                .client("test-app", List.of(app.callback()))
                .passwordGrantClient("legacy-scanner")
                .browserFlow(Flow.topLevel(BROWSER_FLOW)
                        .required(Flow.standardSignIn(BROWSER_FLOW))
                        .required("zt-require-mfa", "mfa-for-everyone", Map.of("grace_days", "3"))
                        .conditional(Flow.sub(BROWSER_FLOW + " code")
                                .required("conditional-user-configured")
                                .required("auth-otp-form")))
                .directGrantFlow(Flow.topLevel("no password grants")
                        .required("zt-block-password-grant", "legacy-auth-off", Map.of("allowed_clients", "legacy-scanner"))
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password"))
                .build());
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    String signInUrl() {
        return Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class LegacyAuthentication {

        @Test
        void aPasswordGrantIsRefusedWithAnOAuthErrorAndAnEvent() {
            HttpResult result = Oidc.passwordGrant(server, REALM, "test-app", "lee", "lee-password", "192.0.2.10");

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("unauthorized_client");
            assertThat(result.json().path("error_description").asText()).contains("sign in through the browser");
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_rule", "legacy-auth-off"));
            assertThat(event.path("error").asText()).isEqualTo("not_allowed");
            assertThat(Events.detail(event, "zt_reason")).isEqualTo("password grant blocked for client test-app");
        }

        @Test
        void aWrongPasswordTeachesNothingEither() {
            HttpResult result = Oidc.passwordGrant(server, REALM, "test-app", "lee", "not-her-password", "192.0.2.10");

            assertThat(result.json().path("error").asText()).as("refused before the password is checked")
                    .isEqualTo("unauthorized_client");
        }

        @Test
        void theListedClientMayStillUseIt() {
            assertThat(Oidc.passwordGrant(server, REALM, "legacy-scanner", "lee", "lee-password", "192.0.2.10").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theGraceCountsDownThenBlocks() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(signInUrl());
            new LoginPage(browser).signIn("kim", "kim-password");

            browser.screenshot("mfa-grace-period");
            assertThat(browser.element(By.id("zt-mfa-days-left")).getText())
                    .isEqualTo("3 day(s) left to set up a second sign-in step.");
            browser.element(By.id("zt-mfa-later")).click();
            assertThat(new AppPage(browser).isShown()).isTrue();
        }
        admin.updateAuthenticatorConfig(REALM, BROWSER_FLOW, "mfa-for-everyone", Map.of("grace_days", "0"));
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(signInUrl());
            new LoginPage(browser).signIn("kim", "kim-password");

            DeniedPage denied = new DeniedPage(browser);
            assertThat(denied.isShown()).isTrue();
            assertThat(denied.message()).isEqualTo("Your organisation requires a second sign-in step, and the time to set one up has passed.");
            assertThat(denied.whatToDo()).contains("contact your IT team");
        } finally {
            admin.updateAuthenticatorConfig(REALM, BROWSER_FLOW, "mfa-for-everyone", Map.of("grace_days", "3"));
        }
    }

    @Test
    void setUpNowEnrolsAnAuthenticatorApp() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(signInUrl());
            new LoginPage(browser).signIn("mia", "mia-password");
            browser.element(By.id("zt-mfa-setup")).click();

            browser.element(By.id("totp"));
            assertThat(browser.pageSource()).contains("Mobile Authenticator Setup");
        }
    }

    @Test
    void aUserWithAnAuthenticatorAppIsAskedForTheCode() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(signInUrl());
            new LoginPage(browser).signIn("lee", "lee-password");

            browser.element(By.id("otp")).sendKeys(Totp.now(OTP_SECRET));
            browser.element(By.id("kc-login")).click();

            assertThat(new AppPage(browser).isShown()).isTrue();
            assertThat(browser.has(By.id("zt-mfa-enrol"))).isFalse();
        }
    }
}
