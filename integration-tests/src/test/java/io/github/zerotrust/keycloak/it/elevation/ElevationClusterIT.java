package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two Keycloak nodes on one PostgreSQL database, clustered by Keycloak's own Infinispan (jdbc-ping):
 * an elevation granted on one node is in tokens from the other; it ends on time once for the whole
 * cluster (one expiry event, not one per node); two activations of the same role sent to the two
 * nodes at once yield one elevation.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationClusterIT {

    static final String REALM = "it-elevation-cluster";

    KeycloakServer nodeA;
    KeycloakServer nodeB;

    @BeforeAll
    void startCluster(KeycloakServer shared) {
        ServerOptions.Database db = new ServerOptions.Database.Postgres(TestSettings.postgresUrl(), "zt_it", "zt_it");
        Path logs = TestSettings.work().resolve("logs");
        Path homeA = KeycloakHome.copyOf(shared.options().home(), TestSettings.work().resolve("home-cluster-a"));
        nodeA = new KeycloakServer(ServerOptions.h2(homeA).withDatabase(db).asNode("cluster-a", 0), logs).start();
        Path homeB = KeycloakHome.copyOf(homeA, TestSettings.work().resolve("home-cluster-b"));
        nodeB = new KeycloakServer(ServerOptions.h2(homeB).withDatabase(db).asNode("cluster-b", 0), logs).start();
        AdminApi admin = nodeA.admin();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("kai", "kai-password")
                .user("lou", "lou-password")
                .passwordGrantClient("test-app")
                .protocolMapper("test-app", "elevations", "zt-elevation-mapper")
                .build());
        for (String role : List.of("cluster-ops", "race-role")) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", role)).expect(201);
        }
        admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", "lou",
                "role", "realm:race-role", "stepUp", "none", "maxDurationMinutes", 30)).expect(201);
    }

    @AfterAll
    void stopCluster() {
        if (nodeB != null) {
            nodeB.stop();
        }
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
            nodeA.stop();
        }
    }

    static String token(KeycloakServer node, String user) {
        return Oidc.passwordGrant(node, REALM, "test-app", user, user + "-password", "192.0.2.10").expect(200).json()
                .path("access_token").asText();
    }

    static List<String> realmRoles(String accessToken) {
        List<String> roles = new ArrayList<>();
        Oidc.claims(accessToken).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    static HttpResult activate(KeycloakServer node, String token, String role) {
        return Http.sendJson("POST", node.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                Json.write(Map.of("role", role, "durationMinutes", 10, "justification", "cluster test")),
                Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void anElevationGrantedOnOneNodeIsSeenOnTheOtherAndEndsOnTimeOnceForTheCluster() throws Exception {
        Instant end = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        nodeA.admin().post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", "kai",
                "role", "realm:cluster-ops", "stepUp", "none", "endsAt", end.toString())).expect(201);

        HttpResult granted = activate(nodeA, token(nodeA, "kai"), "realm:cluster-ops");

        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(realmRoles(token(nodeB, "kai"))).as("node B sees node A's grant").contains("cluster-ops");
        while (Instant.now().isBefore(end)) {
            Thread.sleep(250);
        }
        JsonNode expired = null;
        Instant deadline = end.plusSeconds(30);
        while (expired == null && Instant.now().isBefore(deadline)) {
            for (JsonNode e : nodeB.admin().get("/admin/realms/" + REALM + "/events?type=CUSTOM_REQUIRED_ACTION&max=100")
                    .expect(200).json()) {
                if ("expire".equals(e.path("details").path("zt_action").asText())) {
                    expired = e;
                }
            }
            Thread.sleep(250);
        }
        assertThat(expired).as("ended within 30 s of its end").isNotNull();
        assertThat(Duration.ofMillis(expired.path("time").asLong() - end.toEpochMilli())).isLessThan(Duration.ofSeconds(10));
        Thread.sleep(5_000);
        long expiries = 0;
        for (JsonNode e : nodeA.admin().get("/admin/realms/" + REALM + "/events?type=CUSTOM_REQUIRED_ACTION&max=100")
                .expect(200).json()) {
            if ("expire".equals(e.path("details").path("zt_action").asText())) {
                expiries++;
            }
        }
        assertThat(expiries).as("one node ended it, once").isEqualTo(1);
        assertThat(realmRoles(token(nodeA, "kai"))).doesNotContain("cluster-ops");
        assertThat(realmRoles(token(nodeB, "kai"))).doesNotContain("cluster-ops");
    }

    @Test
    void twoActivationsSentToTheTwoNodesAtOnceYieldOneElevation() throws Exception {
        String onA = token(nodeA, "lou");
        String onB = token(nodeB, "lou");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Integer> statuses = new ArrayList<>();
        try {
            Future<HttpResult> a = pool.submit(() -> activate(nodeA, onA, "realm:race-role"));
            Future<HttpResult> b = pool.submit(() -> activate(nodeB, onB, "realm:race-role"));
            statuses.add(a.get().status());
            statuses.add(b.get().status());
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        long active = 0;
        for (JsonNode e : nodeB.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?user=lou")
                .expect(200).json()) {
            if ("ACTIVE".equals(e.path("status").asText())) {
                active++;
            }
        }
        assertThat(active).isEqualTo(1);
    }
}
