package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The few Admin REST calls the comparison drivers need, as the master realm's admin (admin/admin), for a server
 * they started or one already running ({@code zt.bench.url}), with the token renewed before it runs out.
 */
final class BenchAdmin {
    private final String baseUrl;
    private String token;
    private long tokenExpires;

    BenchAdmin(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void recreate(JsonNode realm) {
        deleteRealm(realm.get("realm").asText());
        HttpResult r = Http.sendJson("POST", baseUrl + "/admin/realms", Json.write(realm), auth());
        r.expect(201);
    }

    void deleteRealm(String realm) {
        HttpResult r = Http.sendJson("DELETE", baseUrl + "/admin/realms/" + realm, null, auth());
        if (r.status() != 204 && r.status() != 404) {
            throw new IllegalStateException("Deleting realm " + realm + ": " + r);
        }
    }

    /** A POST with a JSON body (null: none), answered 200 with JSON. */
    JsonNode post(String path, Object body) {
        HttpResult r = Http.sendJson("POST", baseUrl + path, body == null ? null : Json.write(body), auth());
        if (r.status() != 200) {
            throw new IllegalStateException("POST " + path + ": " + r);
        }
        return r.json();
    }

    /** The HTTP status of a GET. */
    int status(String path) {
        return Http.get(baseUrl + path, auth()).status();
    }

    JsonNode get(String path) {
        return Http.get(baseUrl + path, auth()).expect(200).json();
    }

    private synchronized Map<String, String> auth() {
        if (token == null || System.nanoTime() > tokenExpires) {
            JsonNode t = Http.postForm(baseUrl + "/realms/master/protocol/openid-connect/token",
                    Map.of("grant_type", "password", "client_id", "admin-cli",
                            "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), Map.of())
                    .expect(200).json();
            token = t.get("access_token").asText();
            tokenExpires = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(5, t.get("expires_in").asLong() - 10));
        }
        return Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
    }
}
