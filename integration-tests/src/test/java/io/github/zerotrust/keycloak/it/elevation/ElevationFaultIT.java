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
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Elevation expiry when a node crashes: the node that has been doing the expiry turns is killed (SIGKILL: no shutdown,
 * no cluster leave, a turn's transaction cut wherever it was) the moment a batch of elevations falls due. The other
 * node ends every one of them, each once, within the bound; the killed node, started again, doubles none.
 */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationFaultIT {

    static final String REALM = "it-elevation-fault";
    static final int USERS = 12;
    static final String TURN_DONE = "Elevation expiry turn done on this node";
    /** What a node logs once it has emptied its local caches because another node left the cluster. */
    static final String CACHES_EMPTIED = "left the cluster: this node's local caches";
    /**
     * How late an elevation may end when a node doing turns dies: the database lets the dead node's locked rows go
     * when its connection drops, and the survivor's cluster view must drop the dead node (JGroups' failure
     * detection) before its cache writes stop waiting for it. Lateness is printed.
     */
    static final Duration BOUND = Duration.ofSeconds(90);

    KeycloakServer nodeA;
    KeycloakServer nodeB;

    @BeforeAll
    void createRealm(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        AdminApi admin = nodeA.admin();
        admin.deleteRealm(REALM);
        RealmBuilder realm = RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                .passwordGrantClient("test-app");
        List<String> members = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            realm.user("ops" + i, "ops" + i + "-password");
            members.add("ops" + i);
        }
        realm.group("ops", members.toArray(String[]::new));
        admin.createRealm(realm.build());
        admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", "prod-admin")).expect(201);
        admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", "db-admin")).expect(201);
        admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("group", "ops",
                "role", "realm:db-admin", "stepUp", "none")).expect(201);
    }

    @AfterAll
    void dropRealm() {
        if (nodeA != null && nodeA.isRunning()) {
            nodeA.admin().deleteRealm(REALM);
        }
    }

    static String token(KeycloakServer node, String user) {
        return Oidc.passwordGrant(node, REALM, "test-app", user, user + "-password", "192.0.2.10").expect(200).json()
                .path("access_token").asText();
    }

    static long turnsDone(KeycloakServer node) {
        return logged(node, TURN_DONE);
    }

    static long logged(KeycloakServer node, String line) {
        try {
            return Files.readAllLines(node.logFile()).stream().filter(l -> l.contains(line)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The expiry events per elevation id, as the given node reads the shared event store. */
    static Map<String, Integer> expiries(KeycloakServer node) {
        Map<String, Integer> found = new HashMap<>();
        for (JsonNode e : node.admin().get("/admin/realms/" + REALM + "/events?type=CUSTOM_REQUIRED_ACTION&max=2000")
                .expect(200).json()) {
            if ("expire".equals(e.path("details").path("zt_action").asText())) {
                found.merge(e.path("details").path("zt_elevation").asText(), 1, Integer::sum);
            }
        }
        return found;
    }

    @Test
    void theNodeDoingTheExpiryTurnsKilledAsElevationsFallDueLosesNoneAndDoublesNone() throws Exception {
        Instant end = Instant.now().plusSeconds(45).truncatedTo(ChronoUnit.SECONDS);
        nodeA.admin().post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("group", "ops",
                "role", "realm:prod-admin", "stepUp", "none", "endsAt", end.toString())).expect(201);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            KeycloakServer node = i % 2 == 0 ? nodeA : nodeB;
            HttpResult granted = Http.sendJson("POST", node.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                    Json.write(Map.of("role", "realm:prod-admin", "durationMinutes", 10, "justification", "fault test")),
                    Map.of("Authorization", "Bearer " + token(node, "ops" + i)));
            assertThat(granted.status()).as(granted.body()).isEqualTo(201);
            ids.add(granted.json().path("elevation").path("id").asText());
        }
        assertThat(Instant.now()).as("the activations took less time than the elevations last").isBefore(end.minusSeconds(5));

        // Find the node doing the turns now, and kill it as the elevations fall due.
        while (Instant.now().isBefore(end.minusSeconds(3))) {
            Thread.sleep(200);
        }
        long beforeA = turnsDone(nodeA);
        long beforeB = turnsDone(nodeB);
        while (Instant.now().isBefore(end.plusMillis(300))) {
            Thread.sleep(50);
        }
        boolean aTurns = turnsDone(nodeA) - beforeA >= turnsDone(nodeB) - beforeB;
        KeycloakServer victim = aTurns ? nodeA : nodeB;
        KeycloakServer survivor = aTurns ? nodeB : nodeA;
        victim.kill();
        Instant killedAt = Instant.now();
        try {
            Instant deadline = end.plus(BOUND);
            Map<String, Integer> ended = Map.of();
            while (Instant.now().isBefore(deadline)) {
                ended = expiries(survivor);
                if (ended.keySet().containsAll(ids)) {
                    break;
                }
                Thread.sleep(500);
            }
            Duration lateness = Duration.between(end, Instant.now());
            System.out.printf("ElevationFaultIT: killed %s %d ms after the end; all %d ended by %d ms after it%n",
                    victim.options().nodeName(), Duration.between(end, killedAt).toMillis(), ended.size(), lateness.toMillis());
            assertThat(ended.keySet()).as("every elevation ended by the surviving node within %s s", BOUND.toSeconds())
                    .containsAll(ids);
            Map<String, Integer> endedOnce = ended;
            assertThat(ids).allSatisfy(id -> assertThat(endedOnce.get(id)).as("ended once: %s", id).isEqualTo(1));
            for (int i = 0; i < USERS; i += 3) {
                List<String> roles = new ArrayList<>();
                Oidc.claims(token(survivor, "ops" + i)).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
                assertThat(roles).as("ops%d's token after the end", i).doesNotContain("prod-admin");
            }
        } finally {
            victim.restart();
        }
        Thread.sleep(5_000);
        Map<String, Integer> afterRestart = expiries(victim);
        assertThat(ids).allSatisfy(id -> assertThat(afterRestart.getOrDefault(id, 0))
                .as("the restarted node does not end %s again", id).isEqualTo(1));
        int listed = 0;
        for (JsonNode e : victim.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?max=1000")
                .expect(200).json()) {
            if (ids.contains(e.path("id").asText())) {
                listed++;
                assertThat(e.path("status").asText()).as("elevation %s after the restart", e.path("id").asText()).isEqualTo("EXPIRED");
            }
        }
        assertThat(listed).as("the restarted node lists the whole batch").isEqualTo(USERS);
    }

    /** An activation's answer, or empty when the node died before it answered. */
    static Optional<HttpResult> activateDbAdmin(KeycloakServer node, String token) {
        try {
            return Optional.of(Http.sendJson("POST", node.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                    Json.write(Map.of("role", "realm:db-admin", "durationMinutes", 10, "justification", "fault test")),
                    Map.of("Authorization", "Bearer " + token)));
        } catch (UncheckedIOException cut) {
            return Optional.empty();
        }
    }

    @Test
    void activationsInFlightWhenANodeIsKilledAreNeitherLostNorDoubledAndEachIsWholeOrAbsent() throws Exception {
        // Every user asks twice at once, once through each node (a double click behind a proxy), and node A dies mid-flight.
        List<String> onA = new ArrayList<>();
        List<String> onB = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            onA.add(token(nodeA, "ops" + i));
            onB.add(token(nodeB, "ops" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2 * USERS);
        List<Future<Optional<HttpResult>>> throughA = new ArrayList<>();
        List<Future<Optional<HttpResult>>> throughB = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int i = 0; i < USERS; i++) {
                String a = onA.get(i);
                String b = onB.get(i);
                throughA.add(pool.submit(() -> { go.await(); return activateDbAdmin(nodeA, a); }));
                throughB.add(pool.submit(() -> { go.await(); return activateDbAdmin(nodeB, b); }));
            }
            go.countDown();
            // Killed as soon as the first answer is back: the rest are being written, or waiting for the database's row.
            while (throughA.stream().noneMatch(Future::isDone) && throughB.stream().noneMatch(Future::isDone)) {
                Thread.sleep(5);
            }
            long emptiedBefore = logged(nodeB, CACHES_EMPTIED);
            nodeA.kill();
            List<Optional<HttpResult>> answersA = new ArrayList<>();
            List<Optional<HttpResult>> answersB = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                answersA.add(throughA.get(i).get(3, TimeUnit.MINUTES));
                answersB.add(throughB.get(i).get(3, TimeUnit.MINUTES));
            }
            long cut = answersA.stream().filter(Optional::isEmpty).count();
            System.out.printf("ElevationFaultIT: node A killed with %d of its %d activations unanswered; answers A %s, B %s%n",
                    cut, USERS, answersA.stream().map(o -> o.map(r -> Integer.toString(r.status())).orElse("cut")).toList(),
                    answersB.stream().map(o -> o.map(r -> Integer.toString(r.status())).orElse("cut")).toList());
            // A node killed between its commit and the cache invalidation it sends after it leaves B's user cache with
            // the old role mappings; B empties its local caches once its cluster view drops A.
            Instant killed = Instant.now();
            while (logged(nodeB, CACHES_EMPTIED) == emptiedBefore && Instant.now().isBefore(killed.plus(BOUND))) {
                Thread.sleep(200);
            }
            assertThat(logged(nodeB, CACHES_EMPTIED)).as("node B empties its local caches once node A has left its view")
                    .isGreaterThan(emptiedBefore);

            for (int i = 0; i < USERS; i++) {
                String user = "ops" + i;
                List<String> active = new ArrayList<>();
                for (JsonNode e : nodeB.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?user=" + user)
                        .expect(200).json()) {
                    if ("ACTIVE".equals(e.path("status").asText()) && e.path("role").asText().contains("db-admin")) {
                        active.add(e.path("id").asText());
                    }
                }
                assertThat(active).as("%s: never two elevations", user).hasSizeLessThanOrEqualTo(1);
                for (Optional<HttpResult> answer : List.of(answersA.get(i), answersB.get(i))) {
                    if (answer.isEmpty()) {
                        continue;
                    }
                    HttpResult r = answer.get();
                    assertThat(r.status()).as("%s: an answered activation is granted or names the one granted: %s", user, r)
                            .isIn(201, 409);
                    if (r.status() == 201) {
                        assertThat(active).as("%s: the granted elevation is kept (none lost)", user)
                                .containsExactly(r.json().path("elevation").path("id").asText());
                    } else {
                        assertThat(active).as("%s: refused as already active, so one is kept", user).hasSize(1);
                    }
                }
                List<String> roles = new ArrayList<>();
                String id = nodeB.admin().get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200)
                        .json().get(0).path("id").asText();
                nodeB.admin().get("/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm").expect(200).json()
                        .forEach(r -> roles.add(r.path("name").asText()));
                assertThat(roles.contains("db-admin")).as("%s: the role is held exactly when the elevation is (whole or absent)",
                        user).isEqualTo(active.size() == 1);
            }
        } finally {
            pool.shutdownNow();
            nodeA.restart();
        }
        long listed = 0;
        for (JsonNode e : nodeA.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?max=1000").expect(200).json()) {
            if ("ACTIVE".equals(e.path("status").asText()) && e.path("role").asText().contains("db-admin")) {
                listed++;
            }
        }
        assertThat(listed).as("the restarted node lists at most one elevation per user").isLessThanOrEqualTo(USERS);
    }
}
