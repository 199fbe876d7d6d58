package io.github.zerotrust.keycloak.it.support;

import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
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

    public static String tokenUrl(KeycloakServer server, String realm) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }
}
