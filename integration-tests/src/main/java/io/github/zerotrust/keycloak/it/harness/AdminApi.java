package io.github.zerotrust.keycloak.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keycloak's Admin REST API, as the master realm's admin. */
public final class AdminApi {

    private final String baseUrl;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    AdminApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public HttpResult get(String path) {
        return Http.get(url(path), auth());
    }

    public HttpResult post(String path, Object body) {
        return Http.sendJson("POST", url(path), body == null ? null : body instanceof String s ? s : Json.write(body), auth());
    }

    public HttpResult put(String path, Object body) {
        return Http.sendJson("PUT", url(path), body instanceof String s ? s : Json.write(body), auth());
    }

    /** A body of the given media type, for the refusals of bodies that are not JSON. */
    public HttpResult send(String method, String path, String body, String contentType) {
        return Http.sendAs(method, url(path), body, contentType, auth());
    }

    public HttpResult delete(String path) {
        return Http.sendJson("DELETE", url(path), null, auth());
    }

    public void createRealm(JsonNode realm) {
        post("/admin/realms", realm).expect(201);
    }

    public void deleteRealm(String realm) {
        HttpResult r = delete("/admin/realms/" + realm);
        if (r.status() != 204 && r.status() != 404) {
            throw new AssertionError("Deleting realm " + realm + ": " + r);
        }
    }

    /** Login events of a realm, newest first. */
    public List<JsonNode> events(String realm, String type) {
        JsonNode events = get("/admin/realms/" + realm + "/events?max=200&type=" + type).expect(200).json();
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        return list;
    }

    public List<JsonNode> adminEvents(String realm) {
        JsonNode events = get("/admin/realms/" + realm + "/admin-events?max=200").expect(200).json();
        List<JsonNode> list = new ArrayList<>();
        events.forEach(list::add);
        return list;
    }

    public void clearEvents(String realm) {
        delete("/admin/realms/" + realm + "/events").expect(204);
    }

    /** Makes {@code clientId} sign in with password grants through the top-level flow {@code flowAlias} (a client override). */
    public void bindDirectGrantFlow(String realm, String clientId, String flowAlias) {
        String flowId = null;
        for (JsonNode flow : get("/admin/realms/" + realm + "/authentication/flows").expect(200).json()) {
            if (flowAlias.equals(flow.path("alias").asText())) {
                flowId = flow.path("id").asText();
            }
        }
        if (flowId == null) {
            throw new AssertionError("No flow '" + flowAlias + "' in realm " + realm);
        }
        JsonNode client = get("/admin/realms/" + realm + "/clients?clientId=" + Http.enc(clientId)).expect(200).json().get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) client).putObject("authenticationFlowBindingOverrides")
                .put("direct_grant", flowId);
        put("/admin/realms/" + realm + "/clients/" + client.path("id").asText(), client).expect(204);
    }

    /** Replaces the settings of an authenticator configuration, found by its alias in a flow. */
    public void updateAuthenticatorConfig(String realm, String flowAlias, String configAlias, Map<String, String> config) {
        JsonNode executions = get("/admin/realms/" + realm + "/authentication/flows/" + Http.enc(flowAlias).replace("+", "%20")
                + "/executions").expect(200).json();
        for (JsonNode execution : executions) {
            if (!execution.has("authenticationConfig")) {
                continue;
            }
            String id = execution.get("authenticationConfig").asText();
            JsonNode existing = get("/admin/realms/" + realm + "/authentication/config/" + id).expect(200).json();
            if (configAlias.equals(existing.path("alias").asText())) {
                var updated = Json.object();
                updated.put("id", id);
                updated.put("alias", configAlias);
                updated.set("config", Json.MAPPER.valueToTree(config));
                put("/admin/realms/" + realm + "/authentication/config/" + id, updated).expect(204);
                return;
            }
        }
        throw new AssertionError("No authenticator config '" + configAlias + "' in flow " + flowAlias);
    }

    private String url(String path) {
        return baseUrl + path;
    }

    private synchronized Map<String, String> auth() {
        if (token == null || Instant.now().isAfter(tokenExpires)) {
            JsonNode t = Http.postForm(baseUrl + "/realms/master/protocol/openid-connect/token",
                    Map.of("grant_type", "password", "client_id", "admin-cli",
                            "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), Map.of())
                    .expect(200).json();
            token = t.get("access_token").asText();
            tokenExpires = Instant.now().plusSeconds(Math.max(5, t.get("expires_in").asLong() - 10));
        }
        return Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
    }
}
