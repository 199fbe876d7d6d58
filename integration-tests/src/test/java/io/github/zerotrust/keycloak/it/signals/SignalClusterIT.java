package io.github.zerotrust.keycloak.it.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import io.github.zerotrust.keycloak.it.harness.Http;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Signals on two nodes of one PostgreSQL database: what a signal ends on one node is ended for the whole cluster,
 * at once (sessions are in Keycloak's clustered session store; not-before is stored with the user).
 */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalClusterIT {

    static final String REALM = "it-signal-cluster";
    static final String AUDIENCE = "https://home.example.test/ssf";

    KeycloakServer nodeA;
    KeycloakServer nodeB;

    @BeforeAll
    void realm(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        nodeA.admin().deleteRealm(REALM);
        var realm = RealmBuilder.realm(REALM).user("cy", "cy-password").user("di", "di-password").user("ed", "ed-password").user("fay", "fay-password")
                .passwordGrantClient("test-app").build();
        Accounts.grant(realm, "cy", "offline_access");
        nodeA.admin().createRealm(realm);
    }

    @AfterAll
    void dropRealm() {
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
        }
    }

    @Test
    void aSignalReceivedOnNodeBEndsTheSessionNodeAMade() {
        try (Transmitter partner = new Transmitter("https://partner.example.test")) {
            // The transmitter is trusted through node A; node B reads it from the realm (stored with it).
            String secret = nodeA.admin().put("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/partner",
                    Map.of("issuer", partner.issuer, "jwksUri", partner.jwksUri(), "audience", AUDIENCE)).expect(201).json()
                    .path("pushSecret").asText();
            JsonNode onA = Oidc.passwordGrant(nodeA, REALM, "test-app", "ed", "ed-password", "192.0.2.10").expect(200).json();
            JsonNode bystander = Oidc.passwordGrant(nodeA, REALM, "test-app", "cy", "cy-password", "192.0.2.10").expect(200).json();
            String set = partner.sign(partner.claims(AUDIENCE, Transmitter.RISC + "credential-compromise",
                    Map.of("credential_type", "password"), Transmitter.email("ed@example.test")));

            HttpResult pushed = Http.sendAs("POST", nodeB.baseUrl() + "/realms/" + REALM + "/zero-trust/ssf/push/partner", set,
                    "application/secevent+jwt", Map.of("Authorization", "Bearer " + secret));

            assertThat(pushed.status()).as(pushed.toString()).isEqualTo(202);
            // No wait: the session is ended in Keycloak's clustered store before node B answers.
            assertThat(refresh(nodeA, onA).status()).as("node A refuses the session node B ended").isEqualTo(400);
            assertThat(nodeA.admin().get("/admin/realms/" + REALM + "/users/" + userId("ed") + "/sessions").expect(200).json())
                    .isEmpty();
            assertThat(nodeA.admin().get("/admin/realms/" + REALM + "/users/" + userId("ed")).expect(200).json()
                    .path("requiredActions").toString()).as("a compromised password must be changed").contains("UPDATE_PASSWORD");
            assertThat(refresh(nodeA, bystander).status()).as("another user's session is untouched").isEqualTo(200);
        } finally {
            nodeA.admin().delete("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/partner");
        }
    }

    @Test
    void twoNodesPollATransmitterOnceATurnAndTakeEachOfItsSetsOnce() throws InterruptedException {
        try (PollTransmitter partner = new PollTransmitter("https://poll-partner.example.test")) {
            java.util.LinkedHashMap<String, Object> settings = new java.util.LinkedHashMap<>();
            settings.put("issuer", partner.signer.issuer);
            settings.put("jwksUri", partner.jwksUri());
            settings.put("audience", AUDIENCE);
            settings.put("delivery", "poll");
            settings.put("pollUrl", partner.pollUrl());
            settings.put("bearerToken", PollTransmitter.TOKEN);
            settings.put("pollIntervalSeconds", 1);
            String path = "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/poller";
            nodeA.admin().put(path, settings).expect(201);
            try {
                JsonNode onA = Oidc.passwordGrant(nodeA, REALM, "test-app", "fay", "fay-password", "192.0.2.10").expect(200).json();
                Map<String, Object> claims = partner.signer.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(),
                        Transmitter.email("fay@example.test"));
                String jti = partner.queue(claims, partner.signer.sign(claims));
                SsfPollIT.await("the SET taken by one node", () -> partner.queued().isEmpty(), () -> partner.acks().toString());
                assertThat(refresh(nodeA, onA).status()).as("the polled SET ended fay's session").isEqualTo(400);

                // Both nodes tick every second with the transmitter due every second: one node a turn makes about one
                // poll a second between them; both polling each turn would make about two.
                int before = partner.requests();
                java.time.Instant from = java.time.Instant.now();
                Thread.sleep(10_000);
                int polls = partner.requests() - before;
                long seconds = java.time.Duration.between(from, java.time.Instant.now()).toSeconds();
                assertThat(polls).as("polls in %d s", seconds).isBetween(1, (int) seconds + 2);
                assertThat(partner.acks()).as("the SET was acknowledged once: no node took it after the other")
                        .containsOnlyOnce(jti);
            } finally {
                nodeA.admin().delete(path);
            }
        }
    }

    @Test
    void aUserContainedThroughNodeBLosesTheSessionsNodeAMadeAtOnce() {
        JsonNode onA = Oidc.passwordGrant(nodeA, REALM, "test-app", "cy", "cy-password", "192.0.2.10").expect(200).json();
        JsonNode offlineOnA = signIn(nodeA, "cy", "openid offline_access");
        JsonNode bystander = Oidc.passwordGrant(nodeA, REALM, "test-app", "di", "di-password", "192.0.2.10").expect(200).json();
        String cy = userId("cy");

        HttpResult contained = nodeB.admin().post("/admin/realms/" + REALM + "/zero-trust/contain/users/" + cy,
                Map.of("resetPassword", false, "reRegisterFactors", false));

        assertThat(contained.status()).as(contained.toString()).isEqualTo(200);
        assertThat(contained.json().path("sessionsEnded").asInt()).as("the online sessions made on node A").isPositive();
        assertThat(contained.json().path("offlineSessionsEnded").asInt()).isEqualTo(1);
        // No wait: node A refuses at once what node B ended. (Tokens are refreshed at the node that issued them: each
        // node has its own URL here, so its own issuer.)
        assertThat(refresh(nodeA, onA).status()).isEqualTo(400);
        assertThat(refresh(nodeA, offlineOnA).status()).isEqualTo(400);
        assertThat(nodeA.admin().get("/admin/realms/" + REALM + "/users/" + cy + "/sessions").expect(200).json()).isEmpty();
        assertThat(refresh(nodeA, bystander).status()).as("another user's session is untouched").isEqualTo(200);
    }

    JsonNode signIn(KeycloakServer node, String user, String scope) {
        return Http.postForm(Oidc.tokenUrl(node, REALM), Map.of("grant_type", "password", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "username", user, "password", user + "-password", "scope", scope),
                Map.of("X-Forwarded-For", "192.0.2.10")).expect(200).json();
    }

    HttpResult refresh(KeycloakServer node, JsonNode tokens) {
        return Http.postForm(Oidc.tokenUrl(node, REALM), Map.of("grant_type", "refresh_token", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", tokens.path("refresh_token").asText()),
                Map.of("X-Forwarded-For", "192.0.2.10"));
    }

    String userId(String username) {
        return nodeA.admin().get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).expect(200).json().get(0)
                .path("id").asText();
    }
}
