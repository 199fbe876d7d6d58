package io.github.zerotrust.keycloak.it.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.By;

/** What the elevation tests do again and again against one realm: tokens, the elevation REST calls, the admin view. */
final class ElevationApi {

    /** Every user's password is their name and this. */
    static final String PASSWORD = "-password";

    /** The 30-second period each one-time-code secret was last used in: Keycloak refuses a code used before. */
    private static final Map<String, Long> LAST_PERIOD = new java.util.concurrent.ConcurrentHashMap<>();

    final KeycloakServer server;
    final AdminApi admin;
    final String realm;

    ElevationApi(KeycloakServer server, AdminApi admin, String realm) {
        this.server = server;
        this.admin = admin;
        this.realm = realm;
    }

    /** A browser flow with Keycloak's levels: 1 password, 2 a one-time code (set up when missing). */
    static Flow levelsFlow(String alias) {
        return Flow.topLevel(alias)
                .required(Flow.sub(alias + " sign-in")
                        .alternative("auth-cookie")
                        .alternative(Flow.sub(alias + " levels")
                                .conditional(Flow.sub(alias + " password")
                                        .required("conditional-level-of-authentication", alias + "-level-1",
                                                Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                        .required("auth-username-password-form"))
                                .conditional(Flow.sub(alias + " mfa")
                                        .required("conditional-level-of-authentication", alias + "-level-2",
                                                Map.of("loa-condition-level", "2", "loa-max-age", "36000"))
                                        .required("auth-otp-form"))));
    }

    /** A one-time code Keycloak has not seen yet: the current one, or the next period's when this one was used. */
    static String freshOtp(String secret) {
        long period = System.currentTimeMillis() / 30_000;
        Long last = LAST_PERIOD.get(secret);
        if (last != null && last >= period) {
            try {
                Thread.sleep((last + 1) * 30_000 - System.currentTimeMillis() + 500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            period = System.currentTimeMillis() / 30_000;
        }
        LAST_PERIOD.put(secret, period);
        return Totp.now(secret);
    }

    /** The realm roles a user holds now, composites expanded, as the admin API shows them. */
    List<String> effectiveRealmRoles(String user) {
        List<String> roles = new ArrayList<>();
        admin.get("/admin/realms/" + realm + "/users/" + userId(user) + "/role-mappings/realm/composite").expect(200).json()
                .forEach(r -> roles.add(r.path("name").asText()));
        return roles;
    }

    String passwordToken(String client, String user) {
        return Oidc.passwordGrant(server, realm, client, user, user + PASSWORD, "192.0.2.10").expect(200).json()
                .path("access_token").asText();
    }

    String authUrl(String client, String redirect) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + Http.enc(client) + "&redirect_uri=" + Http.enc(redirect) + "&state=" + UUID.randomUUID();
    }

    /**
     * Signs in afresh in the browser (prompt=login) to {@code client}, asking for {@code acr} when not null, with the
     * one-time code of {@code otpSecret} when the flow asks for one; the tokens the app gets for the code.
     */
    JsonNode browserTokens(Browser browser, AppServer app, String client, String user, String otpSecret, String acr) {
        browser.open(authUrl(client, app.callback()) + "&prompt=login" + (acr == null ? "" : "&acr_values=" + acr));
        new LoginPage(browser).signIn(user, user + PASSWORD);
        if (otpSecret != null) {
            browser.element(By.id("otp")).sendKeys(freshOtp(otpSecret));
            browser.element(By.id("kc-login")).click();
        }
        return exchange(new AppPage(browser).code(), client, app);
    }

    /** Tokens for the browser's existing session (no prompt): what an app gets by single sign-on. */
    JsonNode ssoTokens(Browser browser, AppServer app, String client) {
        browser.open(authUrl(client, app.callback()));
        return exchange(new AppPage(browser).code(), client, app);
    }

    JsonNode exchange(String code, String client, AppServer app) {
        return Http.postForm(Oidc.tokenUrl(server, realm), Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", app.callback(), "client_id", client, "client_secret", RealmBuilder.CLIENT_SECRET), Map.of())
                .expect(200).json();
    }

    HttpResult call(String method, String path, String token, Object body) {
        return Http.sendJson(method, server.baseUrl() + "/realms/" + realm + "/zero-trust/elevation/" + path,
                body == null ? null : body instanceof String s ? s : Json.write(body), Map.of("Authorization", "Bearer " + token));
    }

    HttpResult activate(String token, String role, long minutes, String justification) {
        return call("POST", "activate", token, Map.of("role", role, "durationMinutes", minutes, "justification", justification));
    }

    HttpResult adminCall(String method, String path, String token, Object body) {
        return Http.sendJson(method, server.baseUrl() + "/admin/realms/" + realm + "/zero-trust/elevation/" + path,
                body == null ? null : body instanceof String s ? s : Json.write(body), Map.of("Authorization", "Bearer " + token));
    }

    /** An eligibility created by the realm's full admin. */
    String eligibility(Map<String, Object> body) {
        return admin.post("/admin/realms/" + realm + "/zero-trust/elevation/eligibilities", body).expect(201).json()
                .path("id").asText();
    }

    JsonNode eligibilities() {
        return admin.get("/admin/realms/" + realm + "/zero-trust/elevation/eligibilities").expect(200).json();
    }

    JsonNode elevationsOf(String user) {
        return admin.get("/admin/realms/" + realm + "/zero-trust/elevation/elevations?user=" + user).expect(200).json();
    }

    long activeElevationsOf(String user) {
        long active = 0;
        for (JsonNode e : elevationsOf(user)) {
            if ("ACTIVE".equals(e.path("status").asText())) {
                active++;
            }
        }
        return active;
    }

    JsonNode pendingRequest(String id) {
        for (JsonNode r : admin.get("/admin/realms/" + realm + "/zero-trust/elevation/requests").expect(200).json()) {
            if (id.equals(r.path("id").asText())) {
                return r;
            }
        }
        return null;
    }

    String userId(String user) {
        return admin.get("/admin/realms/" + realm + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    void role(String name) {
        admin.post("/admin/realms/" + realm + "/roles", Map.of("name", name)).expect(201);
    }

    /** Maps a role of {@code realm-management} (an admin role) to a user. */
    void adminRole(String user, String role) {
        JsonNode client = admin.get("/admin/realms/" + realm + "/clients?clientId=realm-management").expect(200).json().get(0);
        JsonNode rep = admin.get("/admin/realms/" + realm + "/clients/" + client.path("id").asText() + "/roles/" + role)
                .expect(200).json();
        admin.post("/admin/realms/" + realm + "/users/" + userId(user) + "/role-mappings/clients/" + client.path("id").asText(),
                List.of(rep)).expect(204);
    }

    static List<String> realmRoles(String accessToken) {
        List<String> roles = new ArrayList<>();
        Oidc.claims(accessToken).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    static List<String> clientRoles(String accessToken, String client) {
        List<String> roles = new ArrayList<>();
        Oidc.claims(accessToken).path("resource_access").path(client).path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }
}
