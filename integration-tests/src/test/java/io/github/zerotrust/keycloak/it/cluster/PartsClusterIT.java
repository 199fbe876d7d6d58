package io.github.zerotrust.keycloak.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each part's state on the two-node PostgreSQL cluster: a change made through node A holds on node B at once (no
 * wait: the suite keeps nothing a node would have to be told about), and counts made on both nodes are one count.
 */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartsClusterIT {

    static final String REALM = "it-parts-cluster";
    static final String OUTSIDE = "198.51.100.7";
    static final String LONDON = "192.0.2.10";
    /** Wrong passwords per burst, half on each node; also the threshold, so one count lost on either node shows. */
    static final int BURST = 12;

    KeycloakServer nodeA;
    KeycloakServer nodeB;

    @BeforeAll
    void createRealm(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        AdminApi admin = nodeA.admin();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("kim", "kim-password")
                .user("lee", "lee-password")
                .user("glass", "glass-password")
                .passwordGrantClient("office-app")
                .passwordGrantClient("risk-app")
                .passwordGrantClient("locked-app")
                .flow(Flow.topLevel("office only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("office only outside")
                                .required("zt-condition-network-zone", "outside-office", Map.of("zones", "office", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-office", Map.of())))
                // The realm's own direct-grant flow: failure counting and What-If take their settings from it.
                .directGrantFlow(Flow.topLevel("assessed")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of(
                                "zt.risk.unusual-hour.mode", "off",
                                "zt.risk.failure-velocity.user-threshold", Integer.toString(BURST),
                                "zt.risk.failure-velocity.address-threshold", Integer.toString(BURST),
                                "zt.risk.failure-velocity.window-minutes", "60")))
                .flow(Flow.topLevel("locked")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-deny-access", "deny-everyone", Map.of()))
                .build());
        admin.bindDirectGrantFlow(REALM, "office-app", "office only");
        admin.bindDirectGrantFlow(REALM, "locked-app", "locked");
    }

    @AfterAll
    void dropRealm() {
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
        }
    }

    HttpResult signIn(KeycloakServer node, String client, String user, String password, String from) {
        return Oidc.passwordGrant(node, REALM, client, user, password, from);
    }

    String userId(String username) {
        return nodeA.admin().get("/admin/realms/" + REALM + "/users?username=" + username + "&exact=true").expect(200).json()
                .get(0).path("id").asText();
    }

    @Test
    void zonesAZoneChangedThroughNodeAHoldsForSignInsOnNodeBAtOnce() {
        String zone = "/admin/realms/" + REALM + "/zero-trust/zones/office";
        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32"), "trusted", true)).expect(201);
        assertThat(signIn(nodeB, "office-app", "kim", "kim-password", OUTSIDE).status())
                .as("node B: outside the office").isEqualTo(400);

        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32", "198.51.100.0/24"), "trusted", true)).expect(200);
        assertThat(signIn(nodeB, "office-app", "kim", "kim-password", OUTSIDE).status())
                .as("node B, right after the zone grew on node A").isEqualTo(200);

        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32"), "trusted", true)).expect(200);
        assertThat(signIn(nodeB, "office-app", "kim", "kim-password", OUTSIDE).status())
                .as("node B, right after the zone shrank on node A").isEqualTo(400);
    }

    @Test
    void riskFailedPasswordsSplitAcrossBothNodesCountAsOneBurst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                KeycloakServer node = i % 2 == 0 ? nodeA : nodeB;
                answers.add(pool.submit(() -> {
                    start.await();
                    return signIn(node, "risk-app", "lee", "wrong-password", LONDON).status();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(2, TimeUnit.MINUTES)).as("a wrong password is refused").isEqualTo(400);
            }
        } finally {
            pool.shutdownNow();
        }
        for (KeycloakServer node : List.of(nodeA, nodeB)) {
            JsonNode answer = node.admin().post("/admin/realms/" + REALM + "/zero-trust/what-if",
                    Map.of("user", "lee", "address", LONDON, "client", "risk-app")).expect(200).json();
            List<String> velocity = new ArrayList<>();
            answer.path("risk").path("reasons").forEach(r -> {
                if ("failure-velocity".equals(r.path("signal").asText())) {
                    velocity.add(r.path("detail").asText());
                }
            });
            assertThat(velocity).as("What-If on %s counts the failures of both nodes", node.options().nodeName())
                    .containsExactly(BURST + " failed attempts for the account in 60 min");
        }
    }

    @Test
    void breakGlassAMarkMadeThroughNodeAExemptsTheAccountOnNodeBAtOnceAndAnUnmarkEndsIt() {
        String glass = userId("glass");
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status()).as("not yet marked").isEqualTo(400);

        nodeA.admin().put("/admin/realms/" + REALM + "/zero-trust/break-glass/" + glass, Map.of()).expect(200);
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status())
                .as("node B, right after the mark on node A").isEqualTo(200);
        assertThat(signIn(nodeB, "locked-app", "kim", "kim-password", LONDON).status()).as("others still refused").isEqualTo(400);

        nodeA.admin().delete("/admin/realms/" + REALM + "/zero-trust/break-glass/" + glass).expect(200);
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status())
                .as("node B, right after the unmark on node A").isEqualTo(400);
    }
}
