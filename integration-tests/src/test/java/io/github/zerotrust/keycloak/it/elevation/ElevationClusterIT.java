package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationClusterIT {

    static final String REALM = "it-elevation-cluster";

    KeycloakServer nodeA;
    KeycloakServer nodeB;

    @BeforeAll
    void startCluster(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        AdminApi admin = nodeA.admin();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                // Approvers answer with a password-grant token here: this class is about the cluster, not the step-up.
                .attribute("zt.elevation.approval-step-up", "none")
                .user("kai", "kai-password")
                .user("lou", "lou-password")
                .user("mia", "mia-password")
                .user("ana", "ana-password")
                .user("bo", "bo-password")
                .group("approvers", "ana", "bo")
                .passwordGrantClient("test-app")
                .protocolMapper("test-app", "elevations", "zt-elevation-mapper")
                .build());
        for (String role : List.of("cluster-ops", "race-role", "two-approved", "one-approver")) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", role)).expect(201);
        }
        for (String role : List.of("realm:two-approved", "realm:one-approver")) {
            admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", "mia", "role", role,
                    "stepUp", "none", "maxDurationMinutes", 30, "approvalsRequired", 2, "approverGroup", "approvers")).expect(201);
        }
        admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", "lou",
                "role", "realm:race-role", "stepUp", "none", "maxDurationMinutes", 30)).expect(201);
    }

    @AfterAll
    void dropRealm() {
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
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

    /** The expiry events of one elevation, as either node reads them from the shared event store. */
    static List<JsonNode> expiriesOf(KeycloakServer node, String elevationId) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : node.admin().get("/admin/realms/" + REALM + "/events?type=CUSTOM_REQUIRED_ACTION&max=1000")
                .expect(200).json()) {
            if ("expire".equals(e.path("details").path("zt_action").asText())
                    && elevationId.equals(e.path("details").path("zt_elevation").asText())) {
                found.add(e);
            }
        }
        return found;
    }

    /** Waits until the elevation's expiry event is there (at most {@code bound} past its end); its lateness. */
    Duration awaitExpiry(KeycloakServer node, String elevationId, Instant end, Duration bound) throws InterruptedException {
        Instant deadline = end.plus(bound);
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> found = expiriesOf(node, elevationId);
            if (!found.isEmpty()) {
                return Duration.ofMillis(found.get(0).path("time").asLong() - end.toEpochMilli());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("elevation " + elevationId + " not ended within " + bound.toSeconds() + " s of its end "
                + end + "; node logs with thread dumps: " + nodeA.threadDump() + ", " + nodeB.threadDump());
    }

    /** Lines a node's expiry task writes at every turn it runs (TRACE), whichever node wins the turn. */
    static long expiryTurns(KeycloakServer node) throws java.io.IOException {
        return java.nio.file.Files.readAllLines(node.logFile()).stream()
                .filter(l -> l.contains("Elevation expiry turn done on this node") || l.contains("Elevation expiry turn claimed by another node"))
                .count();
    }

    /**
     * The first node on a new database made the schema; its schema update once closed the expiry task with it, so that
     * node never ended an elevation, which showed only when the other node died. Each node's task must be running.
     */
    @Test
    void everyNodeRunsItsExpiryTurnsTheOneThatMadeTheSchemaToo() throws Exception {
        long a = expiryTurns(nodeA);
        long b = expiryTurns(nodeB);
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline) && (expiryTurns(nodeA) <= a || expiryTurns(nodeB) <= b)) {
            Thread.sleep(500);
        }
        assertThat(expiryTurns(nodeA)).as("node A (it made the schema) runs its turns; log " + nodeA.logFile()).isGreaterThan(a);
        assertThat(expiryTurns(nodeB)).as("node B runs its turns; log " + nodeB.logFile()).isGreaterThan(b);
    }

    @Test
    void anElevationGrantedOnOneNodeIsSeenOnTheOtherAndEndsOnTimeOnceForTheCluster() throws Exception {
        Instant end = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        nodeA.admin().post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", "kai",
                "role", "realm:cluster-ops", "stepUp", "none", "endsAt", end.toString())).expect(201);

        HttpResult granted = activate(nodeA, token(nodeA, "kai"), "realm:cluster-ops");

        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String id = granted.json().path("elevation").path("id").asText();
        assertThat(realmRoles(token(nodeB, "kai"))).as("node B sees node A's grant").contains("cluster-ops");
        Duration lateness = awaitExpiry(nodeB, id, end, Duration.ofSeconds(30));
        System.out.printf("ElevationClusterIT: elevation ended %d ms after its end%n", lateness.toMillis());
        assertThat(lateness).as("ended within a few expiry turns of its end").isLessThan(Duration.ofSeconds(10));
        Thread.sleep(5_000);
        assertThat(expiriesOf(nodeA, id)).as("one node ended it, once").hasSize(1);
        assertThat(realmRoles(token(nodeA, "kai"))).doesNotContain("cluster-ops");
        assertThat(realmRoles(token(nodeB, "kai"))).doesNotContain("cluster-ops");
    }

    @Test
    void oneUnreadableElevationRowNeitherStopsExpiryNorKeepsItsRole() throws Exception {
        for (String user : List.of("ned", "ola")) {
            nodeA.admin().post("/admin/realms/" + REALM + "/users", Map.of("username", user, "enabled", true,
                    "email", user + "@example.test", "emailVerified", true, "firstName", user, "lastName", "Tester",
                    "credentials", List.of(Map.of("type", "password", "value", user + "-password", "temporary", false)))).expect(201);
        }
        nodeA.admin().post("/admin/realms/" + REALM + "/roles", Map.of("name", "broken-ops")).expect(201);
        Instant end = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
        for (String user : List.of("ned", "ola")) {
            nodeA.admin().post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", user,
                    "role", "realm:broken-ops", "stepUp", "none", "endsAt", end.toString())).expect(201);
        }
        String broken = activate(nodeA, token(nodeA, "ned"), "realm:broken-ops").expect(201).json().path("elevation").path("id").asText();
        String sound = activate(nodeB, token(nodeB, "ola"), "realm:broken-ops").expect(201).json().path("elevation").path("id").asText();

        try (Connection db = DriverManager.getConnection(TestSettings.postgresUrl(), "zt_it", "zt_it");
             PreparedStatement update = db.prepareStatement("UPDATE ZT_ELEVATION SET BODY = ? WHERE ID = ?")) {
            update.setString(1, "this is not JSON {");
            update.setString(2, broken);
            assertThat(update.executeUpdate()).as("the row was broken on purpose").isEqualTo(1);
        }

        assertThat(awaitExpiry(nodeA, sound, end, Duration.ofSeconds(20))).as("the sound elevation ends on time")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(awaitExpiry(nodeA, broken, end, Duration.ofSeconds(20))).as("the broken one is ended too")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(expiriesOf(nodeA, broken).get(0).path("details").path("zt_problem").asText()).isEqualTo("unreadable-record");
        assertThat(realmRoles(token(nodeA, "ned"))).as("the broken row's role is gone").doesNotContain("broken-ops");
        assertThat(realmRoles(token(nodeB, "ola"))).doesNotContain("broken-ops");
        assertThat(nodeB.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?user=ned").status())
                .as("the listing still answers").isEqualTo(200);
    }

    /** {@code zt_elevations_overdue} as a node's metrics endpoint shows it; -1 when it is not there. */
    static double overdueMetric(KeycloakServer node) {
        String metrics = Http.get(node.managementUrl() + "/metrics", Map.of()).expect(200).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("zt_elevations_overdue")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    @Test
    void anElevationTheDatabaseWillNotLetEndRaisesAnOverdueAlertAndMetric() throws Exception {
        nodeA.admin().post("/admin/realms/" + REALM + "/users", Map.of("username", "ovi", "enabled", true,
                "email", "ovi@example.test", "emailVerified", true, "firstName", "ovi", "lastName", "Tester",
                "credentials", List.of(Map.of("type", "password", "value", "ovi-password", "temporary", false)))).expect(201);
        nodeA.admin().post("/admin/realms/" + REALM + "/roles", Map.of("name", "stuck-ops")).expect(201);
        Instant end = Instant.now().plusSeconds(15).truncatedTo(ChronoUnit.SECONDS);
        nodeA.admin().post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", "ovi",
                "role", "realm:stuck-ops", "stepUp", "none", "endsAt", end.toString())).expect(201);
        String stuck = activate(nodeA, token(nodeA, "ovi"), "realm:stuck-ops").expect(201).json().path("elevation").path("id").asText();
        try (Connection db = DriverManager.getConnection(TestSettings.postgresUrl(), "zt_it", "zt_it");
             java.sql.Statement sql = db.createStatement()) {
            // The database refuses every change to this one row, as a failing disk or a lock would.
            sql.execute("CREATE OR REPLACE FUNCTION zt_it_refuse_end() RETURNS trigger AS $$ BEGIN"
                    + " RAISE EXCEPTION 'refused by the test'; END; $$ LANGUAGE plpgsql");
            sql.execute("CREATE TRIGGER zt_it_refuse_end BEFORE UPDATE ON zt_elevation FOR EACH ROW"
                    + " WHEN (OLD.id = '" + stuck + "') EXECUTE FUNCTION zt_it_refuse_end()");
        }
        try {
            JsonNode alert = null;
            Instant deadline = end.plusSeconds(90);
            while (alert == null && Instant.now().isBefore(deadline)) {
                for (JsonNode e : nodeA.admin().get("/admin/realms/" + REALM + "/events?type=CUSTOM_REQUIRED_ACTION_ERROR&max=500")
                        .expect(200).json()) {
                    if ("overdue".equals(e.path("details").path("zt_action").asText())
                            && stuck.equals(e.path("details").path("zt_elevation").asText())) {
                        alert = e;
                    }
                }
                Thread.sleep(500);
            }
            assertThat(alert).as("an overdue alert within 90 s of the end").isNotNull();
            assertThat(alert.path("details").path("zt_role").asText()).isEqualTo("realm:stuck-ops");
            assertThat(Math.max(overdueMetric(nodeA), overdueMetric(nodeB))).as("zt_elevations_overdue").isGreaterThanOrEqualTo(1);
            assertThat(realmRoles(token(nodeB, "ovi"))).as("its token still ends at the elevation's end: no role")
                    .doesNotContain("stuck-ops");
        } finally {
            try (Connection db = DriverManager.getConnection(TestSettings.postgresUrl(), "zt_it", "zt_it");
                 java.sql.Statement sql = db.createStatement()) {
                sql.execute("DROP TRIGGER IF EXISTS zt_it_refuse_end ON zt_elevation");
                sql.execute("DROP FUNCTION IF EXISTS zt_it_refuse_end()");
            }
        }
        assertThat(awaitExpiry(nodeA, stuck, end, Duration.ofSeconds(180))).as("ended once the database lets it")
                .isGreaterThan(Duration.ZERO);
    }

    @Test
    void twoActivationsSentToTheTwoNodesAtOnceYieldOneElevation() throws Exception {
        String onA = token(nodeA, "lou");
        String onB = token(nodeB, "lou");
        List<HttpResult> answers = atOnce(() -> activate(nodeA, onA, "realm:race-role"), () -> activate(nodeB, onB, "realm:race-role"));
        assertThat(answers.stream().map(HttpResult::status).toList()).containsExactlyInAnyOrder(201, 409);
        assertThat(activeElevationsOf("lou", "realm:race-role")).isEqualTo(1);
    }

    static HttpResult answer(KeycloakServer node, String token, String requestId) {
        return Http.sendJson("POST", node.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/requests/" + requestId + "/approve",
                Json.write(Map.of("comment", "cluster test")), Map.of("Authorization", "Bearer " + token));
    }

    /** Two calls sent to the two nodes at once; both answers, in the order sent. */
    static List<HttpResult> atOnce(Callable<HttpResult> a, Callable<HttpResult> b)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<HttpResult> first = pool.submit(() -> {
                go.await();
                return a.call();
            });
            Future<HttpResult> second = pool.submit(() -> {
                go.await();
                return b.call();
            });
            go.countDown();
            return List.of(first.get(), second.get());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Mia asks for {@code role} through {@code node}; the request's id (it needs two approvals). */
    String requestThrough(KeycloakServer node, String role) {
        HttpResult asked = activate(node, token(node, "mia"), role);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        return asked.json().path("request").path("id").asText();
    }

    long activeElevationsOf(String user, String role) {
        long active = 0;
        for (JsonNode e : nodeB.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?user=" + user)
                .expect(200).json()) {
            if ("ACTIVE".equals(e.path("status").asText()) && role.equals(e.path("role").asText())) {
                active++;
            }
        }
        return active;
    }

    JsonNode pending(String requestId) {
        for (JsonNode r : nodeA.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/requests").expect(200).json()) {
            if (requestId.equals(r.path("id").asText())) {
                return r;
            }
        }
        return null;
    }

    /**
     * The two approvals a request needs, sent through the two nodes at the same moment: neither is lost to the other
     * (each node would otherwise write the request as it read it, with one approval), neither answer is an error, and
     * the elevation starts once.
     */
    @Test
    void twoApproversAnsweringThroughTheTwoNodesAtOnceLoseNoApprovalAndStartOneElevation() throws Exception {
        String requestId = requestThrough(nodeA, "realm:two-approved");
        String ana = token(nodeA, "ana");
        String bo = token(nodeB, "bo");

        List<HttpResult> answers = atOnce(() -> answer(nodeA, ana, requestId), () -> answer(nodeB, bo, requestId));

        assertThat(answers).as("both approvals are taken, through either node").allSatisfy(r ->
                assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(answers.stream().filter(r -> r.json().has("elevation")).count())
                .as("exactly one answer, the second taken, starts the elevation").isEqualTo(1);
        assertThat(pending(requestId)).as("the request is no longer pending").isNull();
        assertThat(activeElevationsOf("mia", "realm:two-approved")).as("one elevation").isEqualTo(1);
        assertThat(realmRoles(token(nodeB, "mia"))).as("mia's token from node B").contains("two-approved");
    }

    /** One approver answering through both nodes at once counts once: the request stays pending for the second approver. */
    @Test
    void oneApproverAnsweringThroughBothNodesAtOnceCountsOnce() throws Exception {
        String requestId = requestThrough(nodeB, "realm:one-approver");
        String onA = token(nodeA, "ana");
        String onB = token(nodeB, "ana");

        List<HttpResult> answers = atOnce(() -> answer(nodeA, onA, requestId), () -> answer(nodeB, onB, requestId));

        assertThat(answers.stream().map(HttpResult::status).toList()).as("one taken, one refused; no server error")
                .containsExactlyInAnyOrder(200, 409);
        HttpResult refused = answers.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
        assertThat(refused.json().path("error").asText()).isEqualTo("already-approved");
        JsonNode pending = pending(requestId);
        assertThat(pending).as("still pending").isNotNull();
        assertThat(pending.path("approvals")).as("one approval, ana's").hasSize(1);
        assertThat(activeElevationsOf("mia", "realm:one-approver")).as("no elevation yet").isZero();
    }
}
