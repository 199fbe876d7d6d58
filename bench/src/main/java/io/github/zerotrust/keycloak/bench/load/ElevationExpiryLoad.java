package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How late elevations end, against the real Keycloak server: {@code zt.bench.elevations} elevations
 * (users × roles) are activated over REST, all ending at the same instant (their eligibilities end
 * then, which cuts every activation to it), and the driver reads from the realm's events when each was
 * ended by the expiry task. It reports the time until all had ended and the lateness percentiles.
 *
 * <p>System properties (defaults in brackets): {@code zt.bench.elevations} [10000], {@code zt.bench.roles}
 * [10], {@code zt.bench.threads} [8], {@code zt.bench.warmup} [0: elevations ended
 * before the measured batch, so the expiry path is compiled on every node], {@code zt.bench.window} [seconds from now to the common end; 0 =
 * estimate from the activation rate], {@code zt.bench.nodes} [1; 2 = two nodes on PostgreSQL
 * ({@code ZT_IT_POSTGRES_URL}), clustered as the cluster tests' nodes are, each user signing in and activating on
 * one of them in turn, so both nodes' expiry timers compete for every turn]. Paths (set by {@code bench/pom.xml}): {@code zt.keycloak.dist},
 * {@code zt.bundle}, {@code zt.bench.work}, {@code zt.bench.out}.
 */
public final class ElevationExpiryLoad {

    static final String REALM = "bench-elevation";
    static final String CLIENT = "bench-app";
    static final String SECRET = "bench-secret";
    private static final ObjectMapper JSON = Workers.JSON;

    /** The nodes, each with its own URL (so its own issuer): user {@code i} signs in and activates on node {@code i % n}. */
    private final List<String> baseUrls;
    private final AdminApi admin;
    private final int elevations;
    private final int roles;
    private final int users;
    private final int threads;
    /** Elevations ended before the measured batch, so every node's expiry path is compiled (0: measure it cold). */
    private final int warmup;
    private final HttpClient http = Workers.http();

    ElevationExpiryLoad(List<KeycloakServer> nodes) {
        this.baseUrls = nodes.stream().map(KeycloakServer::baseUrl).toList();
        this.admin = nodes.get(0).admin();
        this.elevations = Integer.getInteger("zt.bench.elevations", 10_000);
        this.roles = Integer.getInteger("zt.bench.roles", 10);
        this.users = (elevations + roles - 1) / roles;
        this.threads = Integer.getInteger("zt.bench.threads", 8);
        this.warmup = Integer.getInteger("zt.bench.warmup", 0);
    }

    public static void main(String[] args) throws Exception {
        int nodes = Integer.getInteger("zt.bench.nodes", 1);
        if (nodes < 1 || nodes > 2) {
            throw new IllegalArgumentException("zt.bench.nodes must be 1 or 2, not " + nodes);
        }
        Path out = Path.of(System.getProperty("zt.bench.out", "bench/target/elevation-expiry.txt"));
        Path work = Path.of(System.getProperty("zt.bench.work", "bench/target/keycloak-expiry"));
        Path logs = work.resolve("logs");
        Path home = KeycloakHome.prepare(Path.of(System.getProperty("zt.keycloak.dist")), work.resolve("home"),
                List.of(Path.of(System.getProperty("zt.bundle"))));
        List<KeycloakServer> started = Collections.synchronizedList(new ArrayList<>());
        Thread hook = new Thread(() -> started.forEach(KeycloakServer::stop), "elevation-expiry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (nodes == 1) {
                System.out.println("Starting Keycloak 26.7.3 (H2) in " + home + " ...");
                started.add(new KeycloakServer(ServerOptions.h2(home), logs));
                started.get(0).start();
            } else {
                String url = System.getProperty("zt.bench.postgres", System.getenv("ZT_IT_POSTGRES_URL"));
                if (url == null || url.isBlank()) {
                    throw new IllegalStateException("Two nodes need PostgreSQL: export ZT_IT_POSTGRES_DB=zt_bench; "
                            + "export ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh), then run again");
                }
                ServerOptions.Database db = new ServerOptions.Database.Postgres(url, "zt_it", "zt_it");
                System.out.println("Starting node A (Keycloak 26.7.3, PostgreSQL) in " + home + " ...");
                started.add(new KeycloakServer(ServerOptions.h2(home).withDatabase(db).asNode("expiry-a", 0), logs));
                started.get(0).start();
                // A copy of A's built home, as the cluster tests make it: the same bundle, the same build.
                Path homeB = KeycloakHome.copyOf(home, work.resolve("home-b"));
                System.out.println("Starting node B in " + homeB + " ...");
                started.add(new KeycloakServer(ServerOptions.h2(homeB).withDatabase(db).asNode("expiry-b", 0), logs));
                started.get(1).start();
            }
            String report = new ElevationExpiryLoad(List.copyOf(started)).run();
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

    String run() throws Exception {
        System.out.printf("Realm with %d users and %d roles ...%n", users, roles);
        admin.deleteRealm(REALM);
        admin.createRealm(realm());
        for (int r = 0; r < roles; r++) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", "role-" + r)).expect(201);
        }
        System.out.println("Tokens ...");
        List<String> tokens = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(users, (String) null)));
        parallel(users, i -> tokens.set(i, token(i)));

        // A first, short activation round measures the rate, so the common end leaves room for all of them.
        double rate = activationRate(tokens);
        if (warmup > 0) {
            warmUp(tokens, rate);
        }
        int windowSeconds = Integer.getInteger("zt.bench.window", 0);
        if (windowSeconds <= 0) {
            windowSeconds = 60 + (int) Math.ceil(elevations / Math.max(1.0, rate) * 1.5);
        }
        Instant end = Instant.now().plusSeconds(windowSeconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int r = 0; r < roles; r++) {
            admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("group", "bench",
                    "role", "realm:role-" + r, "maxDurationMinutes", 1440, "justificationRequired", false, "stepUp", "none",
                    "endsAt", end.toString())).expect(201);
        }
        System.out.printf("Activating %d elevations, all ending at %s ...%n", elevations, end);
        Instant activationStart = Instant.now();
        AtomicInteger failed = new AtomicInteger();
        parallel(elevations, i -> {
            int code = activate(i / roles, tokens.get(i / roles), "realm:role-" + (i % roles));
            if (code != 201) {
                failed.incrementAndGet();
            }
        });
        Duration activating = Duration.between(activationStart, Instant.now());
        if (Instant.now().isAfter(end)) {
            throw new IllegalStateException("Activation took longer than the window; rerun with a larger zt.bench.window");
        }
        System.out.printf("Activated in %d s (%d failed); waiting for %s ...%n", activating.toSeconds(), failed.get(), end);
        while (Instant.now().isBefore(end)) {
            Thread.sleep(200);
        }
        List<Long> lateness = new ArrayList<>();
        Instant giveUp = end.plusSeconds(300);
        Instant allDone = null;
        while (Instant.now().isBefore(giveUp)) {
            lateness = latenessOfExpiries(end);
            if (lateness.size() >= elevations - failed.get()) {
                allDone = Instant.now();
                break;
            }
            Thread.sleep(1000);
        }
        Collections.sort(lateness);
        return String.format("""
                Elevation expiry on Keycloak 26.7.3 (%s, %d cores), %s
                warm-up: %s
                elevations: %d (users %d x roles %d), activation failures: %d, activated in %d s over REST with %d threads
                all ending at %s; ended by the expiry task: %d
                time from the common end until the last had ended: %s
                lateness per elevation (event time - end): p50 %d ms, p99 %d ms, max %d ms
                """, baseUrls.size() == 1 ? "H2, one node" : "PostgreSQL, two nodes, each user on one of them in turn",
                Runtime.getRuntime().availableProcessors(), Instant.now(),
                warmup > 0 ? warmup + " elevations ended before the measured batch" : "none (the expiry path runs cold)", elevations, users, roles, failed.get(),
                activating.toSeconds(), threads, end, lateness.size(),
                lateness.isEmpty() ? "n/a" : (lateness.get(lateness.size() - 1) / 1000.0) + " s (by events)",
                percentile(lateness, 50), percentile(lateness, 99), lateness.isEmpty() ? -1 : lateness.get(lateness.size() - 1));
    }

    private double activationRate(List<String> tokens) throws Exception {
        String probeRole = "role-probe";
        admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", probeRole)).expect(201);
        admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("group", "bench",
                "role", "realm:" + probeRole, "maxDurationMinutes", 60, "justificationRequired", false, "stepUp", "none",
                "endsAt", Instant.now().plusSeconds(3600).toString())).expect(201);
        int probes = Math.min(users, 200);
        Instant start = Instant.now();
        parallel(probes, i -> {
            int code = activate(i, tokens.get(i), "realm:" + probeRole);
            if (code != 201) {
                // A realm the server refuses activations for would only measure refusals: stop before the long wait.
                throw new IllegalStateException("A probe activation got HTTP " + code + " instead of 201; see the node logs");
            }
        });
        double rate = probes / Math.max(0.001, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        System.out.printf("Activation rate: %.0f/s%n", rate);
        return rate;
    }

    /**
     * Ends {@code warmup} elevations (roles {@code warm-*}, each user one per role) before the measured batch, so both
     * nodes have run and compiled the expiry path; their events carry their own end and are not counted.
     */
    private void warmUp(List<String> tokens, double rate) throws Exception {
        int warmRoles = (warmup + users - 1) / users;
        Instant warmEnd = Instant.now().plusSeconds(20 + (int) Math.ceil(warmup / Math.max(1.0, rate) * 1.5))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int r = 0; r < warmRoles; r++) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", "warm-" + r)).expect(201);
            admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("group", "bench",
                    "role", "realm:warm-" + r, "maxDurationMinutes", 1440, "justificationRequired", false, "stepUp", "none",
                    "endsAt", warmEnd.toString())).expect(201);
        }
        System.out.printf("Warm-up: %d elevations ending at %s ...%n", warmup, warmEnd);
        parallel(warmup, i -> {
            int user = i % users;
            int code = activate(user, tokens.get(user), "realm:warm-" + (i / users));
            if (code != 201) {
                throw new IllegalStateException("A warm-up activation got HTTP " + code + " instead of 201; see the node logs");
            }
        });
        Instant giveUp = warmEnd.plusSeconds(300);
        while (Instant.now().isBefore(giveUp) && latenessOfExpiries(warmEnd).size() < warmup) {
            Thread.sleep(1000);
        }
        System.out.printf("Warm-up: %d ended, %d s after their end%n", latenessOfExpiries(warmEnd).size(),
                Duration.between(warmEnd, Instant.now()).toSeconds());
    }

    private List<Long> latenessOfExpiries(Instant end) {
        List<Long> lateness = new ArrayList<>();
        JsonNode events = admin.get("/admin/realms/" + REALM + "/events?type=CUSTOM_REQUIRED_ACTION&max=" + (elevations + warmup + 1000))
                .expect(200).json();
        for (JsonNode e : events) {
            if ("expire".equals(e.path("details").path("zt_action").asText())
                    && end.toString().equals(e.path("details").path("zt_ends_at").asText())) {
                lateness.add(e.path("time").asLong() - end.toEpochMilli());
            }
        }
        return lateness;
    }

    private void parallel(int count, Workers.Job job) throws Exception {
        Workers.parallel(threads, count, job);
    }

    static long percentile(List<Long> sorted, int p) {
        return Workers.percentile(sorted, p);
    }

    private static String user(int i) {
        return String.format("bench-%05d", i);
    }

    private JsonNode realm() {
        ObjectNode realm = JSON.createObjectNode();
        realm.put("realm", REALM);
        realm.put("enabled", true);
        realm.put("sslRequired", "none");
        realm.put("eventsEnabled", true);
        realm.putArray("enabledEventTypes").add("CUSTOM_REQUIRED_ACTION").add("CUSTOM_REQUIRED_ACTION_ERROR");
        // One hash iteration: the bench measures expiry, not password hashing of a thousand sign-ins.
        realm.put("passwordPolicy", "hashIterations(1)");
        // Activations are taken only from the apps listed here (none by default): the bench's own client.
        realm.putObject("attributes").put("zt.elevation.allowed-clients", CLIENT);
        realm.putArray("groups").addObject().put("name", "bench");
        ObjectNode client = realm.putArray("clients").addObject();
        client.put("clientId", CLIENT);
        client.put("secret", SECRET);
        client.put("publicClient", false);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        ArrayNode list = realm.putArray("users");
        for (int i = 0; i < users; i++) {
            ObjectNode u = list.addObject();
            u.put("username", user(i));
            u.put("enabled", true);
            u.put("email", user(i) + "@example.test");
            u.put("emailVerified", true);
            u.put("firstName", "Bench");
            u.put("lastName", "User");
            u.putArray("groups").add("/bench");
            ObjectNode c = u.putArray("credentials").addObject();
            c.put("type", "password");
            c.put("value", "bench-password");
            c.put("temporary", false);
        }
        return realm;
    }

    /** The node user {@code i} signs in and activates on. */
    private String node(int user) {
        return baseUrls.get(user % baseUrls.size());
    }

    private String token(int user) throws Exception {
        String username = user(user);
        Map<String, String> form = new HashMap<>(Map.of("grant_type", "password", "client_id", CLIENT, "client_secret", SECRET,
                "username", username, "password", "bench-password"));
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node(user) + "/realms/" + REALM
                        + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Token for " + username + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private int activate(int user, String token, String role) throws Exception {
        String body = JSON.writeValueAsString(Map.of("role", role, "durationMinutes", 60, "justification", "bench"));
        return http.send(HttpRequest.newBuilder(URI.create(node(user) + "/realms/" + REALM + "/zero-trust/elevation/activate"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
