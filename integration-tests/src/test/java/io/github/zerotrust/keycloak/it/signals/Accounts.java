package io.github.zerotrust.keycloak.it.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A realm's accounts as the signal tests see them: sign-ins, refreshes, their sessions, an admin's acts. */
final class Accounts {

    static final String FROM = "192.0.2.70";

    private final KeycloakServer server;
    private final AdminApi admin;
    private final String realm;

    Accounts(KeycloakServer server, AdminApi admin, String realm) {
        this.server = server;
        this.admin = admin;
        this.realm = realm;
    }

    /** Tokens of one sign-in: its refresh token and the session it opened. */
    record Tokens(String access, String refresh, String session) {
    }

    /** A password grant as {@code user} (password {@code <user>-password}), optionally with a one-time code or offline. */
    Tokens signIn(String client, String user, String totp, boolean offline) {
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", client,
                "client_secret", RealmBuilder.CLIENT_SECRET, "username", user, "password", user + "-password",
                "scope", offline ? "openid offline_access" : "openid"));
        if (totp != null) {
            form.put("totp", totp);
        }
        JsonNode tokens = Http.postForm(Oidc.tokenUrl(server, realm), form, Map.of("X-Forwarded-For", FROM)).expect(200).json();
        return new Tokens(tokens.path("access_token").asText(), tokens.path("refresh_token").asText(),
                tokens.path("session_state").asText());
    }

    Tokens signIn(String user) {
        return signIn("test-app", user, null, false);
    }

    HttpResult refresh(String client, String refreshToken) {
        return Http.postForm(Oidc.tokenUrl(server, realm), Map.of("grant_type", "refresh_token", "client_id", client,
                "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", refreshToken), Map.of("X-Forwarded-For", FROM));
    }

    HttpResult refresh(Tokens tokens) {
        return refresh("test-app", tokens.refresh());
    }

    String userId(String user) {
        return admin.get(path("/users?username=" + user + "&exact=true")).expect(200).json().get(0).path("id").asText();
    }

    JsonNode user(String user) {
        return admin.get(path("/users/" + userId(user))).expect(200).json();
    }

    /** The ids of the user's online sessions. */
    List<String> sessions(String user) {
        List<String> ids = new ArrayList<>();
        admin.get(path("/users/" + userId(user) + "/sessions")).expect(200).json().forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    /** The ids of the user's offline sessions with {@code client}. */
    List<String> offlineSessions(String user, String client) {
        List<String> ids = new ArrayList<>();
        admin.get(path("/users/" + userId(user) + "/offline-sessions/" + clientUuid(client))).expect(200).json()
                .forEach(s -> ids.add(s.path("id").asText()));
        return ids;
    }

    List<String> credentialTypes(String user) {
        List<String> types = new ArrayList<>();
        admin.get(path("/users/" + userId(user) + "/credentials")).expect(200).json().forEach(c -> types.add(c.path("type").asText()));
        return types;
    }

    String credentialId(String user, String type) {
        for (JsonNode c : admin.get(path("/users/" + userId(user) + "/credentials")).expect(200).json()) {
            if (type.equals(c.path("type").asText())) {
                return c.path("id").asText();
            }
        }
        throw new AssertionError(user + " has no " + type + " credential");
    }

    void setEnabled(String user, boolean enabled) {
        ObjectNode rep = (ObjectNode) user(user);
        rep.put("enabled", enabled);
        admin.put(path("/users/" + rep.path("id").asText()), rep).expect(204);
    }

    void requireAction(String user, String action) {
        ObjectNode rep = (ObjectNode) user(user);
        rep.putArray("requiredActions").add(action);
        admin.put(path("/users/" + rep.path("id").asText()), rep).expect(204);
    }

    String clientUuid(String client) {
        return admin.get(path("/clients?clientId=" + client)).expect(200).json().get(0).path("id").asText();
    }

    /** Maps a role of {@code realm-management} (an admin role) to a user. */
    void adminRole(String user, String role) {
        String client = clientUuid("realm-management");
        JsonNode rep = admin.get(path("/clients/" + client + "/roles/" + role)).expect(200).json();
        admin.post(path("/users/" + userId(user) + "/role-mappings/clients/" + client), List.of(rep)).expect(204);
    }

    /** The newest admin events whose resource path is {@code resourcePath}. */
    List<JsonNode> adminEvents(String resourcePath) {
        return admin.adminEvents(realm).stream().filter(e -> resourcePath.equals(e.path("resourcePath").asText())).toList();
    }

    String path(String rest) {
        return "/admin/realms/" + realm + rest;
    }

    /** Gives every user of a built realm the realm roles {@code roles} (imported users get no default roles). */
    static void grant(ObjectNode realm, String username, String... roles) {
        for (JsonNode u : realm.get("users")) {
            if (username.equals(u.path("username").asText())) {
                ArrayNode list = u.has("realmRoles") ? (ArrayNode) u.get("realmRoles") : ((ObjectNode) u).putArray("realmRoles");
                for (String role : roles) {
                    list.add(role);
                }
                return;
            }
        }
        throw new IllegalArgumentException("No user " + username);
    }
}
