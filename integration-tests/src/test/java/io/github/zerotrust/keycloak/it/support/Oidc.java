package io.github.zerotrust.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** The OpenID Connect calls an application makes. */
public final class Oidc {

    private Oidc() {
    }

    public static String authorizationUrl(KeycloakServer server, String realm, String clientId, String redirectUri) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code&scope=openid"
                + "&client_id=" + Http.enc(clientId) + "&redirect_uri=" + Http.enc(redirectUri)
                + "&state=" + UUID.randomUUID();
    }

    /** A direct (password) grant, arriving through the reverse proxy from {@code fromAddress}. */
    public static HttpResult passwordGrant(KeycloakServer server, String realm, String clientId, String username,
                                           String password, String fromAddress) {
        return Http.postForm(tokenUrl(server, realm),
                Map.of("grant_type", "password", "client_id", clientId, "client_secret", RealmBuilder.CLIENT_SECRET,
                        "username", username, "password", password, "scope", "openid"),
                Map.of("X-Forwarded-For", fromAddress));
    }

    /** The claims of the ID token the app gets for an authorization code (client {@code test-app}). */
    public static JsonNode idTokenClaims(KeycloakServer server, String realm, String redirectUri, String code) {
        JsonNode tokens = Http.postForm(tokenUrl(server, realm), Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", redirectUri, "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
        return claims(tokens.path("id_token").asText());
    }

    /** The payload of a JWT, unverified: the test reads what the server issued to it over TLS-less loopback. */
    public static JsonNode claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return Json.parse(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    public static String tokenUrl(KeycloakServer server, String realm) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }
}
