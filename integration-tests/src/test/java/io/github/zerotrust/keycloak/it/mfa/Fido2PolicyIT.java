package io.github.zerotrust.keycloak.it.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Json;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * A security key registered while any model was allowed stops counting once the policy tightens:
 * the user is told to replace it; the model the policy allows still signs in. Chromium's virtual
 * authenticator plays the key; Keycloak's own WebAuthn steps do the ceremonies.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fido2PolicyIT {

    static final String REALM = "it-fido2";
    static final String FLOW = "key browser";
    static final String SOME_OTHER_MODEL = "cb69481e-8ff7-4039-93ec-0a2729a154a8";

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
                .user("nora", "nora-password")
                .user("omar", "omar-password")
                .client("test-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel(FLOW)
                        .required(Flow.sub(FLOW + " sign-in")
                                .alternative("auth-cookie")
                                .alternative(Flow.sub(FLOW + " forms")
                                        .required("auth-username-password-form")
                                        .required("webauthn-authenticator")
                                        .required("zt-fido2-policy", "key-policy", Map.of()))))
                .build());
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    void signIn(Browser browser, boolean again) {
        signIn(browser, "nora", again);
    }

    void signIn(Browser browser, String user, boolean again) {
        browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback())
                + (again ? "&prompt=login" : ""));
        new LoginPage(browser).signIn(user, user + "-password");
    }

    JsonNode credentials(String user) {
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
        return admin.get("/admin/realms/" + REALM + "/users/" + userId + "/credentials").expect(200).json();
    }

    @Test
    void aKeyOutsideThePolicyIsRefusedAtRegistrationAndNotStored() {
        admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of("zt.fido.allowed-aaguids", SOME_OTHER_MODEL));
        try (Browser browser = Browser.start().withSecurityKey()) {
            signIn(browser, "omar", false);
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("omar's key");

            DeniedPage denied = new DeniedPage(browser);
            browser.screenshot("fido2-registration-refused");
            assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
            assertThat(denied.message()).startsWith("This security key or passkey is not allowed by your organisation.");
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", Events.withDetail("zt_reference", denied.reference()));
            assertThat(Events.detail(event, "zt_reason")).contains("aaguid-not-allowed");
            assertThat(credentials("omar")).noneSatisfy(c -> assertThat(c.path("type").asText()).isEqualTo("webauthn"));
        } finally {
            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of());
        }
    }

    String registeredModel() {
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=nora&exact=true").expect(200).json().get(0)
                .path("id").asText();
        for (JsonNode credential : admin.get("/admin/realms/" + REALM + "/users/" + userId + "/credentials").expect(200).json()) {
            if ("webauthn".equals(credential.path("type").asText())) {
                return Json.parse(credential.path("credentialData").asText()).path("aaguid").asText();
            }
        }
        throw new AssertionError("nora has no security key");
    }

    @Test
    void aKeyThatNoLongerMeetsThePolicyIsRefusedAndTheAllowedModelStillSignsIn() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            signIn(browser, false);
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("nora's key");
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
            String model = registeredModel();

            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy",
                    Map.of("zt.fido.allowed-aaguids", SOME_OTHER_MODEL));
            signIn(browser, true);
            browser.element(By.id("authenticateWebAuthnButton")).click();

            DeniedPage denied = new DeniedPage(browser);
            browser.screenshot("fido2-key-not-allowed");
            assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
            assertThat(denied.message()).startsWith("This security key or passkey is not allowed by your organisation.");
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("key-policy");
            assertThat(Events.detail(event, "zt_reason")).contains("aaguid-not-allowed");

            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy",
                    Map.of("zt.fido.allowed-aaguids", model + "," + SOME_OTHER_MODEL));
            signIn(browser, true);
            browser.element(By.id("authenticateWebAuthnButton")).click();

            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        }
    }
}
