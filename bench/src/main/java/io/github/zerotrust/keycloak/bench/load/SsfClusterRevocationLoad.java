package io.github.zerotrust.keycloak.bench.load;

import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Shared Signals SET accepted on one node ends the sessions on both, measured on a real two-node cluster: two
 * Keycloak 26.7.3 nodes with the bundle on one PostgreSQL database, clustered by Keycloak's own Infinispan (jdbc-ping),
 * as the cluster tests set it up ({@code TwoNodes}). {@code zt.bench.users} users each sign in once on node A and once
 * on node B; then, one user after another, the driver checks that both refresh tokens still work, pushes a SET about the
 * user to node B (CAEP {@code session-revoked} and RISC {@code credential-compromise}, alternately) and, from the moment
 * the 202 is read, tries the user's refresh token at node A and at node B (each at the node that issued it: every node
 * has its own URL, so its own issuer) every 5 ms, in parallel, until each is refused with 400. Measured per node: 202 →
 * refusal, and how often the first refresh after the 202 was already refused. At the end a user no SET named still
 * refreshes on both nodes.
 *
 * <p>PostgreSQL: {@code zt.bench.postgres} or {@code ZT_IT_POSTGRES_URL} (a database of its own: {@code export
 * ZT_IT_POSTGRES_DB=zt_bench; export ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh)}), role {@code zt_it}.
 * System properties: {@code zt.bench.users} [200], {@code zt.bench.threads} [8]; paths from {@code bench/pom.xml}.
 */
public final class SsfClusterRevocationLoad {

    static final String REALM = "bench-ssf-cluster";
    static final String CLIENT = "bench-app";
    static final String SECRET = "bench-secret";
    static final String PASSWORD = "bench-password";
    static final String ALIAS = "bench";
    static final String AUDIENCE = "https://receiver.example.test/ssf";
    static final String BYSTANDER = "bystander";
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    private final KeycloakServer nodeA;
    private final KeycloakServer nodeB;
    private final int users = Integer.getInteger("zt.bench.users", 200);
    private final int threads = Integer.getInteger("zt.bench.threads", 8);
    private final HttpClient http = Workers.http();
    private final SetSigner signer = new SetSigner("https://transmitter.example.test", AUDIENCE);

    SsfClusterRevocationLoad(KeycloakServer nodeA, KeycloakServer nodeB) {
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("zt.bench.postgres", System.getenv("ZT_IT_POSTGRES_URL"));
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("No PostgreSQL: export ZT_IT_POSTGRES_DB=zt_bench; "
                    + "export ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh), then run again");
        }
        ServerOptions.Database db = new ServerOptions.Database.Postgres(url, "zt_it", "zt_it");
        Path out = Path.of(System.getProperty("zt.bench.out", "bench/target/ssf-cluster-revocation.txt"));
        Path work = Path.of(System.getProperty("zt.bench.work", "bench/target/keycloak-ssf-cluster"));
        Path logs = work.resolve("logs");
        Path homeA = KeycloakHome.prepare(Path.of(System.getProperty("zt.keycloak.dist")), work.resolve("home-a"),
                List.of(Path.of(System.getProperty("zt.bundle"))));
        KeycloakServer a = new KeycloakServer(ServerOptions.h2(homeA).withDatabase(db).asNode("bench-a", 0), logs);
        List<KeycloakServer> started = Collections.synchronizedList(new ArrayList<>());
        Thread hook = new Thread(() -> started.forEach(KeycloakServer::stop), "ssf-cluster-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            System.out.println("Starting node A (Keycloak 26.7.3, PostgreSQL) in " + homeA + " ...");
            started.add(a);
            a.start();
            // A copy of A's built home, as TwoNodes makes it: the same bundle, the same build.
            Path homeB = KeycloakHome.copyOf(homeA, work.resolve("home-b"));
            KeycloakServer b = new KeycloakServer(ServerOptions.h2(homeB).withDatabase(db).asNode("bench-b", 0), logs);
            System.out.println("Starting node B in " + homeB + " ...");
            started.add(b);
            b.start();
            String report = new SsfClusterRevocationLoad(a, b).run();
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop();
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** The two refresh tokens of one user: the session made on node A and the one made on node B. */
    record Sessions(String onA, String onB) {
    }

    String run() throws Exception {
        String loadBefore = Workers.loadAverage();
        nodeA.admin().deleteRealm(REALM);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            names.add(user(i));
        }
        names.add(BYSTANDER);
        nodeA.admin().createRealm(Workers.realm(REALM, CLIENT, SECRET, PASSWORD, names));
        // Configured through node A, used on node B: the transmitter is a realm attribute, read by B from the database.
        String pushSecret = nodeA.admin().put("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/" + ALIAS,
                signer.transmitterSettings()).expect(201).json().path("pushSecret").asText();
        awaitTransmitterOnB();

        System.out.printf("Signing %d users in on node A and on node B ...%n", users + 1);
        List<Sessions> sessions = new ArrayList<>(Collections.nCopies(users + 1, (Sessions) null));
        Workers.parallel(threads, users + 1, i -> {
            String name = i < users ? user(i) : BYSTANDER;
            sessions.set(i, new Sessions(signIn(nodeA, name), signIn(nodeB, name)));
        });
        System.out.printf("Signing %d SETs ...%n", users);
        List<String> sets = new ArrayList<>(Collections.nCopies(users, (String) null));
        Workers.parallel(threads, users, i -> sets.set(i, signer.sign(type(i), user(i) + "@example.test")));

        System.out.printf("%d users, one after another: SET to node B, then refresh at A and at B until refused ...%n", users);
        List<Long> pushMillis = new ArrayList<>();
        List<Long> onA = new ArrayList<>();
        List<Long> onB = new ArrayList<>();
        int firstTryA = 0;
        int firstTryB = 0;
        ExecutorService pollers = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < users; i++) {
                Sessions user = sessions.get(i);
                int beforeA = refresh(nodeA, user.onA());
                int beforeB = refresh(nodeB, user.onB());
                if (beforeA != 200 || beforeB != 200) {
                    throw new IllegalStateException("Before the SET, " + user(i) + "'s refresh answered " + beforeA + " on A and "
                            + beforeB + " on B");
                }
                long sent = System.nanoTime();
                HttpResponse<String> answer = push(pushSecret, sets.get(i));
                long accepted = System.nanoTime();
                if (answer.statusCode() != 202) {
                    throw new IllegalStateException("The SET about " + user(i) + " was answered " + answer.statusCode() + " "
                            + answer.body());
                }
                pushMillis.add((accepted - sent) / 1_000_000);
                CompletableFuture<Refusal> a = CompletableFuture.supplyAsync(() -> untilRefused(nodeA, user.onA(), accepted), pollers);
                CompletableFuture<Refusal> b = CompletableFuture.supplyAsync(() -> untilRefused(nodeB, user.onB(), accepted), pollers);
                Refusal atA = a.join();
                Refusal atB = b.join();
                onA.add(atA.millis());
                onB.add(atB.millis());
                firstTryA += atA.tries() == 1 ? 1 : 0;
                firstTryB += atB.tries() == 1 ? 1 : 0;
            }
        } finally {
            pollers.shutdownNow();
        }
        Sessions bystander = sessions.get(users);
        int bystanderA = refresh(nodeA, bystander.onA());
        int bystanderB = refresh(nodeB, bystander.onB());
        if (bystanderA != 200 || bystanderB != 200) {
            throw new IllegalStateException("A user no SET named no longer refreshes: " + bystanderA + " on A, " + bystanderB + " on B");
        }
        Collections.sort(pushMillis);
        Collections.sort(onA);
        Collections.sort(onB);
        return String.format("""
                Shared Signals on two nodes: Keycloak 26.7.3, PostgreSQL, Infinispan (jdbc-ping), %d cores shared by both nodes and the driver, %s
                load average before: %s, after: %s
                %d users, each with a session on node A and one on node B; SETs pushed to node B one after another (session-revoked / credential-compromise alternately)
                  push answered 202 in: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms
                  202 -> refresh refused at node A (the other node): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; refused on the first try %d of %d
                  202 -> refresh refused at node B (the receiving node): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; refused on the first try %d of %d
                  (refresh polled every 5 ms; each poll is a full refresh request, so the resolution is one refresh's time)
                  a user no SET named still refreshes on both nodes
                """, Runtime.getRuntime().availableProcessors(), Instant.now(), loadBefore, Workers.loadAverage(), users,
                p(pushMillis, 50), p(pushMillis, 90), p(pushMillis, 99), max(pushMillis),
                p(onA, 50), p(onA, 90), p(onA, 99), max(onA), firstTryA, users,
                p(onB, 50), p(onB, 90), p(onB, 99), max(onB), firstTryB, users);
    }

    /** Node B knows the transmitter configured through node A (its realm cache was invalidated by the cluster). */
    private void awaitTransmitterOnB() throws InterruptedException {
        Instant deadline = Instant.now().plus(GIVE_UP);
        while (nodeB.admin().get("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/" + ALIAS).status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Node B does not know the transmitter " + GIVE_UP.toSeconds() + " s after node A stored it");
            }
            Thread.sleep(50);
        }
    }

    /** When a refresh was refused: milliseconds after the 202, and on which try (1: the first refresh after it). */
    record Refusal(long millis, int tries) {
    }

    /** Refreshes from {@code acceptedNanos} until refused with 400; fails after 30 s or on another answer. */
    private Refusal untilRefused(KeycloakServer node, String refreshToken, long acceptedNanos) {
        try {
            int tries = 0;
            while (true) {
                int status = refresh(node, refreshToken);
                tries++;
                long now = System.nanoTime();
                if (status == 400) {
                    return new Refusal((now - acceptedNanos) / 1_000_000, tries);
                }
                if (status != 200) {
                    throw new IllegalStateException("A refresh at " + node.baseUrl() + " answered " + status);
                }
                if (Duration.ofNanos(now - acceptedNanos).compareTo(GIVE_UP) > 0) {
                    throw new IllegalStateException("A refresh at " + node.baseUrl() + " still works " + GIVE_UP.toSeconds()
                            + " s after the SET was accepted");
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String type(int i) {
        return i % 2 == 0 ? SetSigner.SESSION_REVOKED : SetSigner.CREDENTIAL_COMPROMISE;
    }

    private static String user(int i) {
        return String.format("cluster-%04d", i);
    }

    private static long p(List<Long> sorted, int p) {
        return Workers.percentile(sorted, p);
    }

    private static long max(List<Long> sorted) {
        return sorted.get(sorted.size() - 1);
    }

    private HttpResponse<String> push(String pushSecret, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(nodeB.baseUrl() + "/realms/" + REALM + "/zero-trust/ssf/push/" + ALIAS))
                .header("Content-Type", "application/secevent+jwt").header("Authorization", "Bearer " + pushSecret)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(token)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String signIn(KeycloakServer node, String username) throws Exception {
        HttpResponse<String> response = Workers.postForm(http, tokenUrl(node), Map.of("grant_type", "password", "client_id", CLIENT,
                "client_secret", SECRET, "username", username, "password", PASSWORD, "scope", "openid"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Sign-in of " + username + " at " + node.baseUrl() + ": " + response.statusCode());
        }
        return Workers.JSON.readTree(response.body()).path("refresh_token").asText();
    }

    private int refresh(KeycloakServer node, String refreshToken) throws IOException, InterruptedException {
        return Workers.postForm(http, tokenUrl(node), Map.of("grant_type", "refresh_token", "client_id", CLIENT,
                "client_secret", SECRET, "refresh_token", refreshToken)).statusCode();
    }

    private static String tokenUrl(KeycloakServer node) {
        return node.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token";
    }
}
