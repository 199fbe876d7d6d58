package io.github.zerotrust.keycloak.it.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Authentication strengths as ACR values through Keycloak's own level-of-authentication mechanism
 * ({@code acr.loa.map}: {@code mfa} = 2, {@code phr} = 3): an app asks with {@code acr_values} and
 * sees {@code acr} in its tokens; a one-time code meets "any MFA" but not "phishing-resistant", so an
 * SSO sign-in asking for {@code phr} is stepped up to a security key.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticationStrengthIT {

    static final String REALM = "it-strength";
    static final String FLOW = "strength browser";
    static final String OTP_SECRET = "zero-trust-otp-secret-3";

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
                .attribute("acr.loa.map", "{\"mfa\":2,\"phr\":3}")
                .userWithOtp("olga", "olga-password", OTP_SECRET)
                .client("test-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel(FLOW)
                        .required(Flow.sub(FLOW + " sign-in")
                                .alternative("auth-cookie")
                                .alternative(Flow.sub(FLOW + " levels")
                                        .conditional(Flow.sub(FLOW + " password")
                                                .required("conditional-level-of-authentication", "level-1",
                                                        Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                                .required("auth-username-password-form"))
                                        .conditional(Flow.sub(FLOW + " any mfa")
                                                .required("conditional-level-of-authentication", "level-2",
                                                        Map.of("loa-condition-level", "2", "loa-max-age", "36000"))
                                                .required("auth-otp-form"))
                                        .conditional(Flow.sub(FLOW + " phishing-resistant")
                                                .required("conditional-level-of-authentication", "level-3",
                                                        Map.of("loa-condition-level", "3", "loa-max-age", "36000"))
                                                .required("webauthn-authenticator")
                                                .required("zt-fido2-policy", "phr-key-policy", Map.of())))))
                .build());
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    String url(String acr) {
        return Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&acr_values=" + acr;
    }

    /** The {@code acr} claim of the ID token the app gets for the code on its page. */
    String acrOf(String code) {
        JsonNode tokens = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", app.callback(), "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
        String payload = tokens.path("id_token").asText().split("\\.")[1];
        return Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8)).path("acr").asText();
    }

    @Test
    void aOneTimeCodeMeetsAnyMfaButAnSsoSignInAskingForPhishingResistantIsSteppedUp() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            browser.from("192.0.2.10").open(url("mfa"));
            new LoginPage(browser).signIn("olga", "olga-password");
            browser.element(By.id("otp")).sendKeys(Totp.now(OTP_SECRET));
            browser.element(By.id("kc-login")).click();
            AppPage appPage = new AppPage(browser);
            assertThat(appPage.isShown()).as(browser.pageSource()).isTrue();
            assertThat(acrOf(appPage.code())).isEqualTo("mfa");

            browser.open(url("phr"));

            assertThat(new LoginPage(browser).isShown()).as("SSO: no password again").isFalse();
            browser.element(By.id("registerWebAuthn"));
            browser.screenshot("strength-phr-step-up");
            assertThat(browser.has(By.id("signed-in"))).as("a one-time code is not phishing-resistant").isFalse();

            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("olga's key");
            assertThat(appPage.isShown()).as(browser.pageSource()).isTrue();
            String afterRegistration = acrOf(appPage.code());

            browser.open(url("phr"));
            assertThat(appPage.isShown()).as("phishing-resistant is now remembered for the SSO session").isTrue();
            assertThat(List.of(afterRegistration, acrOf(appPage.code()))).containsOnly("phr");
        }
    }
}
