package io.github.zerotrust.keycloak.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/** The demo realm the quick start imports does what the README says it does. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRealmIT {

    static final String REALM = "zero-trust-demo";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void importDemoRealm(KeycloakServer server, AdminApi admin) throws IOException {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(Json.parse(Files.readString(TestSettings.demoRealm())));
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    HttpResult aliceSignsIn(Map<String, String> headers) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", "demo-app",
                "client_secret", "demo-app-secret", "username", "alice", "password", "alice"));
        return Http.postForm(Oidc.tokenUrl(server, REALM), form, headers);
    }

    /** The quick start's admin page works without a set-up step: its client comes with the realm, fit for the page. */
    @Test
    void theAdminPagesClientComesWithTheRealmReady() {
        JsonNode status = admin.get("/admin/realms/" + REALM + "/zero-trust/admin-page").expect(200).json();
        assertThat(status.path("client").asText()).as(status.toString()).isEqualTo("ready");
        assertThat(status.path("pageUrl").asText()).isEqualTo(server.baseUrl() + "/realms/" + REALM + "/zero-trust/admin/");
        JsonNode setup = Http.get(server.baseUrl() + "/realms/" + REALM + "/zero-trust/admin/setup.json", Map.of()).expect(200).json();
        assertThat(setup.path("client").asText()).isEqualTo("ready");
        assertThat(admin.put("/admin/realms/" + REALM + "/zero-trust/admin-page", null).expect(200).json().path("changed")
                .asBoolean()).isFalse();
    }

    @Test
    void importsTheThreeZones() {
        JsonNode zones = admin.get("/admin/realms/" + REALM + "/zero-trust/zones").expect(200).json();

        assertThat(zones).extracting(z -> z.path("name").asText())
                .containsExactlyInAnyOrder("office", "vpn-egress", "hosting-providers");
    }

    @Test
    void aliceSignsInFromThisMachine() {
        assertThat(aliceSignsIn(Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aliceIsRefusedFromABlockedCountryAsTheReadmeSays() {
        HttpResult result = aliceSignsIn(Map.of("X-Forwarded-For", "198.51.100.7"));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
        Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_rule", "dg-blocked-countries"));
    }

    @Test
    void aliceIsRefusedFromAHostingNetwork() {
        HttpResult result = aliceSignsIn(Map.of("X-Forwarded-For", "198.18.0.20"));

        assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
    }

    @Test
    void outsideTheTrustedNetworksTheBrowserAsksForAOneTimeCode() {
        try (Browser browser = Browser.start()) {
            browser.from("203.0.113.5").open(Oidc.authorizationUrl(server, REALM, "demo-app",
                    server.baseUrl() + "/realms/" + REALM + "/account/"));
            new LoginPage(browser).signIn("bob", "bob");

            browser.element(By.id("totp"));
            browser.screenshot("demo-otp-setup-outside-trusted-networks");
            assertThat(browser.pageSource()).contains("Mobile Authenticator Setup");
        }
    }

    @Test
    void signInsAreRiskAssessed() {
        // From this machine: no coordinates, so no other test's sign-in can make this one impossible travel.
        assertThat(aliceSignsIn(Map.of()).status()).isEqualTo(200);

        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> "alice".equals(e.path("details").path("username").asText())
                && e.path("details").has("zt_risk_level"));
        assertThat(Events.detail(event, "zt_risk_level")).isIn("low", "medium");
        assertThat(Events.detail(event, "zt_risk_score")).matches("\\d+");
    }

    @Test
    void insideTheVpnTheBrowserSignsStraightIn() {
        try (Browser browser = Browser.start()) {
            browser.from("203.0.113.200").open(Oidc.authorizationUrl(server, REALM, "demo-app",
                    server.baseUrl() + "/realms/" + REALM + "/account/"));
            new LoginPage(browser).signIn("alice", "alice");

            browser.waitUntil(b -> b.currentUrl().contains("/account/"));
            assertThat(browser.has(By.id("totp"))).isFalse();
            JsonNode event = Events.await(admin, REALM, "LOGIN", e -> "203.0.113.200".equals(e.path("ipAddress").asText()));
            assertThat(Events.detail(event, "zt_zones")).isEqualTo("vpn-egress");
        }
    }
}
