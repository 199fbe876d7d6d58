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
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * "Phishing-resistant for admins" as a rule on a group, not something each app must ask for: a
 * member without a passkey is taken to register one; a user who joins the group while signed in is
 * stepped up on the next SSO sign-in; everyone else signs in with a password. Tokens say what
 * happened: {@code acr} through {@code acr.loa.map}, {@code amr} through Keycloak's own mapper.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivilegedPasskeyIT {

    static final String REALM = "it-privileged";
    static final String FLOW = "privileged browser";
    static final Map<String, String> ADMINS_NEED_PASSKEY = Map.of("zt.strength.level", "phr",
            "zt.applies-to.groups", "admins");

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
                .attribute("acr.loa.map", "{\"pwd\":1,\"phr\":3}")
                .user("ada", "ada-password")
                .user("carl", "carl-password")
                .group("admins", "ada")
                .client("test-app", List.of(app.callback()))
                .amr("test-app")
                .browserFlow(Flow.topLevel(FLOW)
                        .required("zt-require-strength", "admins need a passkey (SSO)", ADMINS_NEED_PASSKEY)
                        .required(Flow.sub(FLOW + " sign-in")
                                .alternative("auth-cookie")
                                .alternative(Flow.sub(FLOW + " levels")
                                        .conditional(Flow.sub(FLOW + " password")
                                                .required("conditional-level-of-authentication", "level-1",
                                                        Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                                .required("auth-username-password-form", "password-amr", reference("pwd")))
                                        .required("zt-require-strength", "admins need a passkey", ADMINS_NEED_PASSKEY)
                                        .conditional(Flow.sub(FLOW + " phishing-resistant")
                                                .required("conditional-level-of-authentication", "level-3",
                                                        Map.of("loa-condition-level", "3", "loa-max-age", "36000"))
                                                .required("webauthn-authenticator", "key-amr", reference("hwk"))
                                                .required("zt-fido2-policy", "privileged-key-policy", Map.of())))))
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

    JsonNode claims(AppPage page) {
        return Oidc.idTokenClaims(server, REALM, app.callback(), page.code());
    }

    static List<String> amr(JsonNode claims) {
        List<String> values = new ArrayList<>();
        claims.path("amr").forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void anAdminWithoutAPasskeyIsTakenToRegisterOneAndHerTokensSaySo() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            browser.from("192.0.2.10").open(url());
            new LoginPage(browser).signIn("ada", "ada-password");

            browser.element(By.id("registerWebAuthn"));
            browser.screenshot("privileged-register-passkey");
            assertThat(browser.has(By.id("signed-in"))).as("a password alone is not enough for an admin").isFalse();
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("ada's key");

            AppPage page = new AppPage(browser);
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            assertThat(claims(page).path("acr").asText()).isEqualTo("phr");

            // Registering counts toward the level; amr names only methods used to sign in, so sign in with the key.
            browser.open(url() + "&prompt=login");
            new LoginPage(browser).signIn("ada", "ada-password");
            browser.element(By.id("authenticateWebAuthnButton")).click();
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            JsonNode claims = claims(page);
            assertThat(claims.path("acr").asText()).isEqualTo("phr");
            assertThat(amr(claims)).containsExactlyInAnyOrder("pwd", "hwk");
        }
    }

    @Test
    void aUserWhoJoinsTheAdminsIsSteppedUpOnHerNextSsoSignIn() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            browser.from("192.0.2.10").open(url());
            new LoginPage(browser).signIn("carl", "carl-password");
            AppPage page = new AppPage(browser);
            assertThat(page.isShown()).as("not an admin: a password is enough").isTrue();
            JsonNode before = claims(page);
            assertThat(before.path("acr").asText()).isEqualTo("pwd");
            assertThat(amr(before)).containsExactly("pwd");

            joinAdmins("carl");
            browser.open(url());

            assertThat(new LoginPage(browser).isShown()).as("SSO: no password again").isFalse();
            browser.element(By.id("registerWebAuthn"));
            browser.screenshot("privileged-step-up-explained");
            assertThat(browser.pageSource()).contains("This app needs a stronger sign-in than the one you used earlier.");
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("carl's key");
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            assertThat(claims(page).path("acr").asText()).isEqualTo("phr");

            browser.open(url());
            assertThat(page.isShown()).as("phishing-resistant is now part of the SSO session").isTrue();
            assertThat(claims(page).path("acr").asText()).isEqualTo("phr");
        }
    }

    void joinAdmins(String username) {
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=" + username + "&exact=true").expect(200)
                .json().get(0).path("id").asText();
        String groupId = admin.get("/admin/realms/" + REALM + "/groups?search=admins&exact=true").expect(200)
                .json().get(0).path("id").asText();
        admin.put("/admin/realms/" + REALM + "/users/" + userId + "/groups/" + groupId, Map.of()).expect(204);
    }
}
