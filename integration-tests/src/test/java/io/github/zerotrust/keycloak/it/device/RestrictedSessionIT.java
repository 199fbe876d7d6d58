package io.github.zerotrust.keycloak.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
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
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A device without a posture gets in, restricted: its tokens say {@code device_trust: unmanaged}, it gets
 * no offline token and the payroll application refuses it. The same user on a compliant device (its
 * agent's posture token) gets everything. A device whose tooling reports a high threat raises the risk score.
 * With the client policy {@code zt-restricted-session-refresh}, a restricted session's refresh is cut.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictedSessionIT {

    static final String REALM = "it-device-restricted";
    static final String ISSUER = "https://posture-agent.example.test";
    static final String HEADER = "X-ZT-Device-Posture";
    static final PostureTokens AGENT = PostureTokens.rsa("agent-restricted");

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Browser browser;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        com.fasterxml.jackson.databind.node.ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .client("test-app", List.of(app.callback()))
                .protocolMapper("test-app", "device trust", "zt-device-trust-mapper")
                .client("payroll", List.of(app.callback()))
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                .attribute("zt.device.token.issuer", ISSUER)
                .attribute("zt.device.token.jwks", AGENT.jwks())
                .browserFlow(Flow.topLevel("restricted browser")
                        .required(Flow.standardSignIn("restricted browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "signed-token"))
                        .required("zt-risk-assessment", "assess-risk", Map.of())
                        .required("zt-restrict-unmanaged", "restrict-unmanaged",
                                Map.of("minimum", "managed", "refused_clients", "payroll")))
                .build();
        // Imported users get no default roles: alice may have offline tokens, so only the device rule stands in the way.
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm.get("users").get(0)).putArray("realmRoles").add("offline_access");
        admin.createRealm(realm);
        browser = Browser.start();
    }

    @AfterAll
    void cleanUp() {
        browser.close();
        app.close();
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void freshEvents() {
        admin.clearEvents(REALM);
    }

    @AfterEach
    void noPostureHeader() {
        browser.header(HEADER, null);
    }

    static String postureToken(String threat) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>(Map.of("iss", ISSUER, "aud", REALM, "iat", now - 5, "exp", now + 300,
                "device_id", "mac-7", "platform", "macos", "os_version", "14.5", "disk_encrypted", true,
                "firewall", true, "screen_lock", true));
        claims.putAll(Map.of("threat", threat, "managed", true, "jailbroken", false, "upn", "alice"));
        return AGENT.sign(claims);
    }

    /** Signs in to {@code clientId} asking for {@code scope}; prompt=login so that every test signs in afresh. */
    void signIn(String clientId, String scope) {
        browser.open(server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?response_type=code&prompt=login"
                + "&client_id=" + clientId + "&redirect_uri=" + Http.enc(app.callback()) + "&scope=" + Http.enc(scope)
                + "&state=" + java.util.UUID.randomUUID());
        new LoginPage(browser).signIn("alice", "alice-password");
    }

    JsonNode tokens(String clientId) {
        return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "authorization_code",
                "code", new AppPage(browser).code(), "redirect_uri", app.callback(), "client_id", clientId,
                "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
    }

    JsonNode refresh(JsonNode tokens, int status) {
        return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token",
                "refresh_token", tokens.path("refresh_token").asText(), "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(status).json();
    }

    /** Every client of the realm runs zt-restricted-session-refresh with no refresh at all for restricted sessions. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTheRefreshCap {

        @BeforeAll
        void capRefresh() {
            admin.put("/admin/realms/" + REALM + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                    "name", "zt-restricted-sessions", "description", "Restricted sessions refresh for a while only",
                    "executors", List.of(Map.of("executor", "zt-restricted-session-refresh",
                            "configuration", Map.of("max-refresh-minutes", "0"))))))).expect(204);
            admin.put("/admin/realms/" + REALM + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                    "name", "zt-restricted-sessions", "enabled", true,
                    "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                    "profiles", List.of("zt-restricted-sessions"))))).expect(204);
        }

        @AfterAll
        void removeCap() {
            admin.put("/admin/realms/" + REALM + "/client-policies/policies", Map.of("policies", List.of())).expect(204);
            admin.put("/admin/realms/" + REALM + "/client-policies/profiles", Map.of("profiles", List.of())).expect(204);
        }

        @Test
        void anUnmanagedDevicesSessionCannotRefresh() {
            signIn("test-app", "openid");
            JsonNode tokens = tokens("test-app");

            JsonNode refusal = refresh(tokens, 400);
            assertThat(refusal.path("error").asText()).isEqualTo("invalid_grant");
            assertThat(refusal.path("error_description").asText()).contains("unmanaged device");
        }

        @Test
        void aCompliantDevicesSessionStillRefreshes() {
            browser.header(HEADER, postureToken("clear"));
            signIn("test-app", "openid");
            JsonNode tokens = tokens("test-app");

            JsonNode refreshed = refresh(tokens, 200);
            assertThat(Oidc.claims(refreshed.path("access_token").asText()).path("device_trust").asText()).isEqualTo("compliant");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FromAnUnmanagedDevice {

        @Test
        void theSessionIsLetInButItsTokensSayUnmanaged() {
            signIn("test-app", "openid");

            assertThat(new AppPage(browser).isShown()).isTrue();
            JsonNode tokens = tokens("test-app");
            assertThat(Oidc.claims(tokens.path("id_token").asText()).path("device_trust").asText()).isEqualTo("unmanaged");
            assertThat(Oidc.claims(tokens.path("access_token").asText()).path("device_trust").asText()).isEqualTo("unmanaged");
            assertThat(Oidc.claims(tokens.path("refresh_token").asText()).path("typ").asText()).isEqualTo("Refresh");
        }

        @Test
        void offlineAccessIsRefused() {
            signIn("test-app", "openid offline_access");

            DeniedPage page = new DeniedPage(browser);
            assertThat(page.isShown()).isTrue();
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("restrict-unmanaged");
            assertThat(Events.detail(event, "zt_reason")).isEqualTo("scope offline_access from a unmanaged device");
            assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
            assertThat(admin.events(REALM, "LOGIN")).isEmpty();
        }

        @Test
        void aListedApplicationIsRefused() {
            signIn("payroll", "openid");

            DeniedPage page = new DeniedPage(browser);
            assertThat(page.isShown()).isTrue();
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
            assertThat(Events.detail(event, "zt_reason")).isEqualTo("application payroll from a unmanaged device");
            assertThat(admin.events(REALM, "LOGIN")).isEmpty();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FromACompliantDevice {

        @Test
        void theTokensSayCompliantAndAnOfflineTokenIsIssued() {
            browser.header(HEADER, postureToken("clear"));
            signIn("test-app", "openid offline_access");

            assertThat(new AppPage(browser).isShown()).isTrue();
            JsonNode tokens = tokens("test-app");
            assertThat(Oidc.claims(tokens.path("id_token").asText()).path("device_trust").asText()).isEqualTo("compliant");
            assertThat(Oidc.claims(tokens.path("refresh_token").asText()).path("typ").asText()).isEqualTo("Offline");
        }

        @Test
        void theListedApplicationLetsItIn() {
            browser.header(HEADER, postureToken("clear"));
            signIn("payroll", "openid");

            assertThat(new AppPage(browser).isShown()).isTrue();
            JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
            assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
            assertThat(Events.detail(event, "zt_risk_reasons")).doesNotContain("device-threat");
        }

        @Test
        void aThreatTheDeviceReportsRaisesTheSignInRisk() {
            browser.header(HEADER, postureToken("high"));
            signIn("test-app", "openid");

            JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
            assertThat(Events.detail(event, "zt_risk_reasons")).contains("device-threat");
            assertThat(Integer.parseInt(Events.detail(event, "zt_risk_score"))).isPositive();
        }
    }
}
