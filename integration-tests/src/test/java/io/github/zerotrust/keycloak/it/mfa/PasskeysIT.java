package io.github.zerotrust.keycloak.it.mfa;

import static io.github.zerotrust.keycloak.it.harness.RealmBuilder.reference;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * Passkeys first, with Keycloak's own passwordless steps: the username, then the passkey if the user
 * has one, else the password. Also what an attacker in the page can try against the ceremonies:
 * a garbled attestation or client data at registration stores nothing; a replayed assertion does
 * not sign in. And the help desk: an admin removes a lost passkey, with an admin event.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasskeysIT {

    static final String REALM = "it-passkeys";
    static final String FLOW = "passkeys first";
    static final String REGISTER = "webauthn-register-passwordless";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        RealmBuilder realm = RealmBuilder.realm(REALM);
        for (String user : List.of("pat", "mal", "cid", "rex", "uma")) {
            realm.user(user, user + "-password").requiredAction(user, REGISTER);
        }
        admin.createRealm(realm
                .client("test-app", List.of(app.callback()))
                .amr("test-app")
                .browserFlow(Flow.topLevel(FLOW)
                        .required(Flow.sub(FLOW + " sign-in")
                                .alternative("auth-cookie")
                                .alternative(Flow.sub(FLOW + " forms")
                                        .required("auth-username-form")
                                        .required(Flow.sub(FLOW + " passkey or password")
                                                .alternative("webauthn-authenticator-passwordless", "passkey-amr", reference("hwk"))
                                                .alternative("auth-password-form", "password-amr", reference("pwd"))))))
                .build());
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    String url() {
        return Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
    }

    void username(Browser browser, String user) {
        browser.element(By.id("username")).sendKeys(user);
        browser.element(By.id("kc-login")).click();
    }

    /** First sign-in with the password, then Keycloak's passkey registration. */
    void signInAndReachRegistration(Browser browser, String user) {
        browser.from("192.0.2.10").open(url());
        username(browser, user);
        browser.element(By.id("password")).sendKeys(user + "-password");
        browser.element(By.id("kc-login")).click();
        browser.element(By.id("registerWebAuthn"));
    }

    void registerPasskey(Browser browser, String user) {
        signInAndReachRegistration(browser, user);
        browser.element(By.id("registerWebAuthn")).click();
        browser.answerPromptIfAny(user + "'s passkey");
        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
    }

    /**
     * A new visit to the app without the SSO cookie: the username, then the passkey. Keycloak offers
     * the user's first credential (the password they had before); "Try another way" picks the passkey.
     */
    void reachPasskeyStep(Browser browser, String user) {
        forgetSession(browser);
        browser.open(url());
        username(browser, user);
        if (!browser.has(By.id("authenticateWebAuthnButton"))) {
            browser.element(By.id("try-another-way")).click();
            browser.element(By.xpath("//*[@role='button'][.//*[normalize-space(text())='Passkey']]")).click();
        }
        try {
            browser.element(By.id("authenticateWebAuthnButton"));
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("passkey-step-missing-" + user);
            throw new AssertionError("No passkey step: " + browser.currentUrl() + "\n" + browser.pageSource(), e);
        }
    }

    /** Drops Keycloak's cookies (they are only visible on the realm's path). */
    void forgetSession(Browser browser) {
        browser.open(server.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
        browser.deleteCookies();
    }

    List<String> amr(AppPage page) {
        List<String> values = new ArrayList<>();
        Oidc.idTokenClaims(server, REALM, app.callback(), page.code()).path("amr").forEach(v -> values.add(v.asText()));
        return values;
    }

    String userId(String user) {
        return admin.get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    List<JsonNode> passkeys(String user) {
        List<JsonNode> keys = new ArrayList<>();
        admin.get("/admin/realms/" + REALM + "/users/" + userId(user) + "/credentials").expect(200).json().forEach(c -> {
            if ("webauthn-passwordless".equals(c.path("type").asText())) {
                keys.add(c);
            }
        });
        return keys;
    }

    @Test
    void aPasskeyRegisteredAtFirstSignInThenSignsInAlone() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            registerPasskey(browser, "pat");
            assertThat(passkeys("pat")).hasSize(1);

            reachPasskeyStep(browser, "pat");
            browser.screenshot("passkey-sign-in");
            assertThat(browser.has(By.id("password"))).as("no password asked").isFalse();
            browser.element(By.id("authenticateWebAuthnButton")).click();

            AppPage page = new AppPage(browser);
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            assertThat(amr(page)).containsExactly("hwk");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"attestationObject", "clientDataJSON"})
    void aGarbledRegistrationIsRefusedAndStoresNothing(String field) {
        String user = field.equals("attestationObject") ? "mal" : "cid";
        try (Browser browser = Browser.start().withSecurityKey()) {
            signInAndReachRegistration(browser, user);
            // What the page sends is replaced just before it goes: the authenticator's answer, garbled.
            browser.script("const field = arguments[0];"
                    + "const send = HTMLFormElement.prototype.requestSubmit;"
                    + "HTMLFormElement.prototype.requestSubmit = function () {"
                    + "  document.getElementById(field).value = 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVgl' + 'AAAA';"
                    + "  return send.call(this); };", field);
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("garbled");

            browser.waitUntil(b -> !b.currentUrl().startsWith(app.callback()) && !b.has(By.id("registerWebAuthn"))
                    || b.pageSource().contains("kc-error-message") || b.has(By.id("kc-error-message")));
            browser.screenshot("passkey-garbled-" + field);
            assertThat(new AppPage(browser).isShown()).as("not signed in").isFalse();
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR",
                    e -> userId(user).equals(e.path("userId").asText()));
            assertThat(event.path("error").asText()).isEqualTo("invalid_registration");
            assertThat(passkeys(user)).isEmpty();
        }
    }

    @Test
    void aReplayedAssertionDoesNotSignIn() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            registerPasskey(browser, "rex");
            reachPasskeyStep(browser, "rex");
            // Keep a copy of the genuine assertion as it leaves the page.
            browser.script("const send = HTMLFormElement.prototype.requestSubmit;"
                    + "HTMLFormElement.prototype.requestSubmit = function () {"
                    + "  const copy = {};"
                    + "  for (const f of ['clientDataJSON', 'authenticatorData', 'signature', 'credentialId', 'userHandle'])"
                    + "    copy[f] = document.getElementById(f).value;"
                    + "  localStorage.setItem('zt-replay', JSON.stringify(copy));"
                    + "  return send.call(this); };");
            browser.element(By.id("authenticateWebAuthnButton")).click();
            AppPage page = new AppPage(browser);
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            String genuineSignIns = Integer.toString(admin.events(REALM, "LOGIN").size());

            reachPasskeyStep(browser, "rex");
            browser.script("const copy = JSON.parse(localStorage.getItem('zt-replay'));"
                    + "for (const f in copy) document.getElementById(f).value = copy[f];"
                    + "document.getElementById('webauth').requestSubmit();");

            browser.waitUntil(b -> !b.has(By.id("authenticateWebAuthnButton")) || b.has(By.id("kc-error-message"))
                    || b.pageSource().contains("alert-error"));
            browser.screenshot("passkey-replayed");
            assertThat(page.isShown()).as("a replayed assertion must not sign in").isFalse();
            // Keycloak's WebAuthn step refuses it: the assertion signed the earlier sign-in's challenge.
            JsonNode refused = Events.await(admin, REALM, "LOGIN_ERROR",
                    e -> "webauthn-passwordless".equals(e.path("details").path("credential_type").asText()));
            assertThat(refused.path("error").asText()).isEqualTo("invalid_user_credentials");
            assertThat(Events.detail(refused, "web_authn_authentication_error_detail")).contains("challenge");
            assertThat(Integer.toString(admin.events(REALM, "LOGIN").size())).isEqualTo(genuineSignIns);
        }
    }

    @Test
    void anAdminRemovesALostPasskeyWithAnAdminEventAndTheUserFallsBackToThePassword() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            registerPasskey(browser, "uma");
            String credentialId = passkeys("uma").get(0).path("id").asText();

            admin.delete("/admin/realms/" + REALM + "/users/" + userId("uma") + "/credentials/" + credentialId).expect(204);

            assertThat(passkeys("uma")).isEmpty();
            assertThat(admin.adminEvents(REALM)).anySatisfy(e -> {
                // Keycloak records a removed credential as an ACTION on the credential's path.
                assertThat(e.path("operationType").asText()).isEqualTo("ACTION");
                assertThat(e.path("resourcePath").asText()).isEqualTo("users/" + userId("uma") + "/credentials/" + credentialId);
            });
            forgetSession(browser);
            browser.open(url());
            username(browser, "uma");
            assertThat(browser.element(By.id("password")).isDisplayed()).isTrue();
        }
    }
}
