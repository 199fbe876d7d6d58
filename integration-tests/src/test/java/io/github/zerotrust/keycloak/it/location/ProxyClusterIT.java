package io.github.zerotrust.keycloak.it.location;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.Nginx;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two-node cluster behind the reverse proxy that {@code docker/compose.yaml} runs: Debian's nginx with
 * {@code docker/keycloak-proxy.conf.template}, the nodes trusting X-Forwarded-For from the proxy only. The tests are
 * the clients, on loopback in front of the proxy.
 */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyClusterIT {

    static final String REALM = "it-proxy-cluster";
    static final String OFFICE_ADDRESS = "192.0.2.10";
    static final Pattern TOKEN_REQUESTS = Pattern.compile(
            "http_server_requests_seconds_count\\{[^}]*uri=\"/realms/\\{realm}/protocol/\\{protocol}/token\"[^}]*} ([0-9.E]+)");

    KeycloakServer nodeA;
    KeycloakServer nodeB;
    Nginx proxy;
    AdminApi admin;

    @BeforeAll
    void start(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        admin = nodeA.admin();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("bob", "bob-password")
                .passwordGrantClient("office-app")
                .passwordGrantClient("any-app")
                .directGrantFlow(Flow.topLevel("office only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("office only outside")
                                .required("zt-condition-network-zone", "outside-office", Map.of("zones", "office", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-office", Map.of())))
                .build());
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/office", Map.of("ranges", List.of("192.0.2.0/24"), "trusted", true))
                .expect(201);
        // any-app signs in through Keycloak's own direct-grant flow: no location rule.
        admin.bindDirectGrantFlow(REALM, "any-app", "direct grant");
        proxy = Nginx.inFrontOf(nodeA, nodeB, TestSettings.nginx(), TestSettings.dockerDir(), TestSettings.work());
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (admin != null) {
            admin.deleteRealm(REALM);
        }
    }

    HttpResult signIn(String baseUrl, String client, String forwardedFor) {
        return Http.postForm(baseUrl + "/realms/" + REALM + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", client, "client_secret", RealmBuilder.CLIENT_SECRET,
                        "username", "bob", "password", "bob-password", "scope", "openid"),
                forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void aClientCannotForgeAnOfficeAddressThroughTheProxy() {
        admin.clearEvents(REALM);
        HttpResult forged = signIn(proxy.baseUrl(), "office-app", OFFICE_ADDRESS);

        assertThat(forged.status()).as(forged.body()).isEqualTo(400);
        assertThat(forged.json().path("error").asText()).isEqualTo("access_denied");
        JsonNode refused = Events.await(admin, REALM, "LOGIN_ERROR", e -> "office-app".equals(e.path("clientId").asText()));
        assertThat(refused.path("ipAddress").asText()).as("the proxy's client, not the header it sent").isEqualTo("127.0.0.1");
        assertThat(Events.detail(refused, "zt_rule")).isEqualTo("outside-office");
        assertThat(Events.detail(refused, "zt_reason")).isEqualTo("address is not in [office]");
        assertThat(admin.events(REALM, "LOGIN")).as("nobody signed in").isEmpty();
    }

    @Test
    void theSameHeaderFromTheTrustedProxyItselfIsBelievedSoTheRuleIsReal() {
        // What the proxy's own X-Forwarded-For would do: a node trusts loopback (where the proxy runs).
        assertThat(signIn(nodeA.baseUrl(), "office-app", OFFICE_ADDRESS).status()).isEqualTo(200);
    }

    @Test
    void signInsThroughTheProxyReachBothNodesAndEachSessionRefreshesOnEither() {
        double beforeA = tokenRequests(nodeA);
        double beforeB = tokenRequests(nodeB);
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            HttpResult signedIn = signIn(proxy.baseUrl(), "any-app", null);
            assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
            refreshTokens.add(signedIn.json().path("refresh_token").asText());
        }
        for (String refresh : refreshTokens) {
            HttpResult refreshed = Http.postForm(proxy.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token",
                    Map.of("grant_type", "refresh_token", "client_id", "any-app", "client_secret", RealmBuilder.CLIENT_SECRET,
                            "refresh_token", refresh), Map.of());
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        }
        assertThat(tokenRequests(nodeA) - beforeA).as("token requests node A answered").isGreaterThan(0);
        assertThat(tokenRequests(nodeB) - beforeB).as("token requests node B answered").isGreaterThan(0);
    }

    /** How many token-endpoint requests a node has answered, from its own metrics. */
    static double tokenRequests(KeycloakServer node) {
        String metrics = Http.get(node.managementUrl() + "/metrics", Map.of()).expect(200).body();
        double total = 0;
        Matcher m = TOKEN_REQUESTS.matcher(metrics);
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }
}
