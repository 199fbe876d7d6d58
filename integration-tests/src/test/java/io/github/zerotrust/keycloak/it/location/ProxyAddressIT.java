package io.github.zerotrust.keycloak.it.location;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.UntrustedClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client address is the one Keycloak resolves under its own proxy settings: a forged
 * X-Forwarded-For from an untrusted peer changes nothing, and a malformed one fails closed.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyAddressIT {

    static final String REALM = "it-proxy";
    static final String OFFICE_ADDRESS = "192.0.2.10";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("bob", "bob-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("office only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("office only outside")
                                .required("zt-condition-network-zone", "outside-office", Map.of("zones", "office", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-office", Map.of())))
                .build());
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/office",
                Map.of("ranges", List.of("192.0.2.0/24", "2001:db8:1::/48"), "trusted", true)).expect(201);
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    String form() {
        return "grant_type=password&client_id=test-app&client_secret=" + RealmBuilder.CLIENT_SECRET
                + "&username=bob&password=" + Http.enc("bob-password");
    }

    @Test
    void allowsOfficeAddressRelayedByTrustedProxy() {
        HttpResult result = Oidc.passwordGrant(server, REALM, "test-app", "bob", "bob-password", OFFICE_ADDRESS);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
    }

    @Test
    void ignoresForgedForwardedForFromUntrustedPeer() {
        String[] response = UntrustedClient.postForm(server.httpPort(), "/realms/" + REALM + "/protocol/openid-connect/token",
                form(), OFFICE_ADDRESS);

        assertThat(response[0]).as(response[1]).isEqualTo("400");
        assertThat(Json.parse(response[1]).path("error").asText()).isEqualTo("access_denied");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR",
                e -> UntrustedClient.SOURCE.equals(e.path("ipAddress").asText()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("outside-office");
        assertThat(Events.detail(event, "zt_reason")).isEqualTo("address is not in [office]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", "999.1.1.1", "192.0.2.300", "192.0.2.10/24", "' OR 1=1 --", "%00", "unknown"})
    void malformedForwardedForFailsClosed(String forwardedFor) {
        HttpResult result = Oidc.passwordGrant(server, REALM, "test-app", "bob", "bob-password", forwardedFor);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
    }
}
