package io.github.zerotrust.keycloak.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A restricted session (an unmanaged device) keeps its limits whichever way it asks for tokens: the refresh
 * cap holds for a code the SSO cookie gets ({@code prompt=none}), and an {@code offline_access} scope the
 * client grants by default (not asked for) is refused like one asked for, so no offline session outlives it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictedSessionAttacksIT {

    static final String REALM = "it-restricted-attacks";
    /** Codes live this long in the realm, so that "the sign-in's own code" is over soon. */
    static final int CODE_LIFESPAN_SECONDS = 10;

    KeycloakServer server;
    AdminApi admin;
    AppServer app;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .client("test-app", List.of(app.callback()))
                .client("offline-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel("restricted browser")
                        .required(Flow.standardSignIn("restricted browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "signed-token"))
                        .required("zt-restrict-unmanaged", "restrict-unmanaged", Map.of("minimum", "managed")))
                .build();
        realm.put("accessCodeLifespan", CODE_LIFESPAN_SECONDS);
        ((ObjectNode) realm.get("users").get(0)).putArray("realmRoles").add("offline_access");
        admin.createRealm(realm);
        // Every client runs the cap: no refresh at all for restricted sessions.
        admin.put("/admin/realms/" + REALM + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "zt-restricted-sessions", "executors", List.of(Map.of("executor", "zt-restricted-session-refresh",
                        "configuration", Map.of("max-refresh-minutes", "0"))))))).expect(204);
        admin.put("/admin/realms/" + REALM + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "zt-restricted-sessions", "enabled", true,
                "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                "profiles", List.of("zt-restricted-sessions"))))).expect(204);
        // offline-app grants offline_access by default: its tokens carry it without the app asking.
        String scope = null;
        for (JsonNode s : admin.get("/admin/realms/" + REALM + "/client-scopes").expect(200).json()) {
            if ("offline_access".equals(s.path("name").asText())) {
                scope = s.path("id").asText();
            }
        }
        String client = admin.get("/admin/realms/" + REALM + "/clients?clientId=offline-app").expect(200).json().get(0)
                .path("id").asText();
        // Keycloak links it to every client as optional; a client scope is either, so it is unlinked first.
        admin.delete("/admin/realms/" + REALM + "/clients/" + client + "/optional-client-scopes/" + scope);
        admin.put("/admin/realms/" + REALM + "/clients/" + client + "/default-client-scopes/" + scope, Map.of()).expect(204);
        assertThat(admin.get("/admin/realms/" + REALM + "/clients/" + client + "/default-client-scopes").expect(200).json()
                .toString()).as("offline_access is one of offline-app's default scopes").contains("\"offline_access\"");
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    String authorization(String clientId, String prompt) {
        return server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + clientId + "&redirect_uri=" + Http.enc(app.callback()) + "&state=" + UUID.randomUUID()
                + (prompt == null ? "" : "&prompt=" + prompt);
    }

    HttpResult exchange(String clientId, String code) {
        return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", app.callback(), "client_id", clientId, "client_secret", RealmBuilder.CLIENT_SECRET), Map.of());
    }

    String aliceId() {
        return admin.get("/admin/realms/" + REALM + "/users?username=alice&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    @Test
    void promptNoneDoesNotRenewARestrictedSession() {
        try (Browser browser = Browser.start()) {
            browser.open(authorization("test-app", "login"));
            new LoginPage(browser).signIn("alice", "alice-password");
            assertThat(exchange("test-app", new AppPage(browser).code()).status())
                    .as("the sign-in's own code gets its tokens").isEqualTo(200);
            JsonNode sessionsBefore = admin.get("/admin/realms/" + REALM + "/users/" + aliceId() + "/sessions").expect(200).json();

            // Past the sign-in's own code, a silent renewal is held to the cap (none at all here), however often asked.
            HttpResult renewed = null;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                browser.open(authorization("test-app", "none"));
                renewed = exchange("test-app", new AppPage(browser).code());
                if (renewed.status() != 200) {
                    break;
                }
                sleep(2000);
            }

            assertThat(renewed).isNotNull();
            assertThat(renewed.status()).as(renewed.body()).isEqualTo(400);
            assertThat(renewed.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(renewed.json().path("error_description").asText()).contains("unmanaged device");
            assertThat(renewed.json().has("access_token")).isFalse();
            JsonNode sessionsAfter = admin.get("/admin/realms/" + REALM + "/users/" + aliceId() + "/sessions").expect(200).json();
            assertThat(sessionsAfter).hasSize(sessionsBefore.size());
            assertThat(sessionsAfter.get(0).path("id").asText()).isEqualTo(sessionsBefore.get(0).path("id").asText());
        }
    }

    @Test
    void aDefaultOfflineAccessScopeIsNotGrantedToARestrictedSession() {
        try (Browser browser = Browser.start()) {
            browser.open(authorization("offline-app", "login"));
            new LoginPage(browser).signIn("alice", "alice-password");

            DeniedPage denied = new DeniedPage(browser);
            assertThat(denied.isShown()).as("offline_access granted by default is refused as if asked for").isTrue();
            assertThat(new AppPage(browser).isShown()).isFalse();
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("restrict-unmanaged");
            assertThat(Events.detail(event, "zt_reason")).contains("offline_access");
        }
        String offlineApp = admin.get("/admin/realms/" + REALM + "/clients?clientId=offline-app").expect(200).json().get(0)
                .path("id").asText();
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + aliceId() + "/offline-sessions/" + offlineApp)
                .expect(200).json()).as("no offline session to outlive the restricted one").isEmpty();
    }

    @Test
    void anotherClientPresentingARestrictedSessionsRefreshTokenLearnsNothingOfTheRestriction() {
        String refresh;
        try (Browser browser = Browser.start()) {
            browser.open(authorization("test-app", "login"));
            new LoginPage(browser).signIn("alice", "alice-password");
            HttpResult tokens = exchange("test-app", new AppPage(browser).code());
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            refresh = tokens.json().path("refresh_token").asText();
        }
        JsonNode sessionsBefore = admin.get("/admin/realms/" + REALM + "/users/" + aliceId() + "/sessions").expect(200).json();

        HttpResult byAnother = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", "offline-app", "client_secret", RealmBuilder.CLIENT_SECRET), Map.of());
        HttpResult byItsOwn = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", "test-app", "client_secret", RealmBuilder.CLIENT_SECRET), Map.of());

        assertThat(byAnother.status()).as(byAnother.body()).isEqualTo(400);
        assertThat(byAnother.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(byAnother.body()).as("Keycloak's own refusal, not the restriction's").doesNotContain("unmanaged device");
        assertThat(byItsOwn.status()).as("the session's own app is held to the cap (none here)").isEqualTo(400);
        assertThat(byItsOwn.json().path("error_description").asText()).contains("unmanaged device");
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + aliceId() + "/sessions").expect(200).json())
                .as("neither refusal ended anything").hasSize(sessionsBefore.size());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
