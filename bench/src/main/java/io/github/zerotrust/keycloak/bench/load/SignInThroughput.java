package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sign-in throughput with the zero-trust assessment on and off, against the real Keycloak server, in
 * one run: two realms that differ only in their direct-grant flow, the same users and client, password
 * grants from a fixed number of client threads, measured in alternating rounds so that drift (JIT,
 * garbage, other load on the machine) hits both realms alike.
 *
 * <ul>
 *   <li>{@code bench-off}: username, password.</li>
 *   <li>{@code bench-on}: username, password, {@code zt-risk-assessment} (default settings), a
 *       conditional sub-flow "risk level high → deny", a conditional sub-flow "country KP → deny".</li>
 * </ul>
 *
 * <p>Every request carries {@code X-Forwarded-For: 192.0.2.10} (London in the demo GeoIP database), so
 * the location lookup and the risk scoring do real work and every sign-in must succeed in both realms.
 * Any failure makes the run invalid; the report says so and the exit code is 1.
 *
 * <p>System properties (defaults in brackets): {@code zt.bench.url} [start a server] — an already running
 * Keycloak on localhost (admin/admin) with the bundle and the demo GeoIP database;
 * {@code zt.bench.threads} [4]; {@code zt.bench.users} [20]; {@code zt.bench.warmup} [20] seconds per
 * realm; {@code zt.bench.rounds} [6]; {@code zt.bench.round} [20] seconds per realm and round;
 * {@code zt.bench.from} [192.0.2.10]. Paths (set by {@code bench/pom.xml}): {@code zt.keycloak.dist},
 * {@code zt.bundle}, {@code zt.geo.db}, {@code zt.bench.work}, {@code zt.bench.out}.
 */
public final class SignInThroughput {

    static final String OFF = "bench-off";
    static final String ON = "bench-on";
    static final String CLIENT = "bench-app";
    static final String PASSWORD = "bench-password";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final int threads;
    private final int users;
    private final int warmupSeconds;
    private final int rounds;
    private final int roundSeconds;
    private final String from;
    /** Redirects are never followed (the client's default): each sign-in step is read as Keycloak answers it. */
    private final HttpClient http = Workers.http();

    private SignInThroughput(String baseUrl) {
        this.baseUrl = baseUrl;
        this.threads = intProperty("zt.bench.threads", 4, 1, 64);
        this.users = intProperty("zt.bench.users", 20, threads, 1000);
        this.warmupSeconds = intProperty("zt.bench.warmup", 20, 1, 600);
        this.rounds = intProperty("zt.bench.rounds", 6, 1, 100);
        this.roundSeconds = intProperty("zt.bench.round", 20, 1, 600);
        this.from = System.getProperty("zt.bench.from", "192.0.2.10");
    }

    public static void main(String[] args) throws Exception {
        Path out = path("zt.bench.out", "bench/target/sign-in-throughput.txt");
        String url = System.getProperty("zt.bench.url");
        KeycloakServer server = null;
        AtomicReference<KeycloakServer> started = new AtomicReference<>();
        Thread hook = new Thread(() -> {
            KeycloakServer s = started.getAndSet(null);
            if (s != null) {
                System.out.println("Stopping Keycloak ...");
                s.stop();
            }
        }, "sign-in-throughput-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean valid;
        try {
            if (url == null || url.isBlank()) {
                Path work = path("zt.bench.work", "bench/target/keycloak-load");
                Path home = KeycloakHome.prepare(path("zt.keycloak.dist", null), work.resolve("home"),
                        List.of(path("zt.bundle", null)));
                ServerOptions options = ServerOptions.h2(home)
                        .withOption("spi-zt-geo-locator--mmdb--database", path("zt.geo.db", null).toString());
                server = new KeycloakServer(options, work.resolve("logs"));
                started.set(server);
                System.out.println("Starting Keycloak 26.7.3 in " + home + " (log under " + work.resolve("logs") + ") ...");
                server.start();
                url = server.baseUrl();
                System.out.println("Keycloak is ready at " + url + "; log: " + server.logFile());
            } else {
                url = url.replaceAll("/+$", "");
                String host = URI.create(url).getHost();
                if (host == null || !LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("zt.bench.url must point at localhost / 127.0.0.1 / [::1], not " + url);
                }
                System.out.println("Using the running Keycloak at " + url);
            }
            valid = new SignInThroughput(url).run(out);
        } finally {
            KeycloakServer s = started.getAndSet(null);
            if (s != null) {
                System.out.println("Stopping Keycloak ...");
                s.stop();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook found nothing left to stop
            }
        }
        if (!valid) {
            System.exit(1);
        }
    }

    /** Sets up, warms up, measures, reports; true if every sign-in succeeded. */
    private boolean run(Path out) throws Exception {
        Admin admin = new Admin(baseUrl);
        admin.recreate(realm(OFF, false));
        admin.recreate(realm(ON, true));
        try {
            checkOneSignIn(admin, OFF);
            checkOneSignIn(admin, ON);

            String loadBefore = loadAverage();
            System.out.printf("Warm-up: %d s per realm, %d threads ...%n", warmupSeconds, threads);
            Stats warmOff = new Stats();
            Stats warmOn = new Stats();
            segment(OFF, warmupSeconds, warmOff);
            segment(ON, warmupSeconds, warmOn);
            System.out.printf("  warm-up done: off %.1f/s, on %.1f/s, failures %d%n",
                    warmOff.perSecond(), warmOn.perSecond(), warmOff.failures + warmOn.failures);

            Stats off = new Stats();
            Stats on = new Stats();
            List<String> roundLines = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                // Alternating, the order flipped every round (off/on, on/off, ...): linear drift cancels out.
                String[] order = r % 2 == 0 ? new String[] {OFF, ON} : new String[] {ON, OFF};
                double[] rates = new double[2];
                for (String realm : order) {
                    Stats round = new Stats();
                    segment(realm, roundSeconds, round);
                    (OFF.equals(realm) ? off : on).add(round);
                    rates[OFF.equals(realm) ? 0 : 1] = round.perSecond();
                }
                String line = String.format(Locale.ROOT, "round %d (%s first): off %.1f/s, on %.1f/s, on/off %.3f",
                        r + 1, order[0].substring(6), rates[0], rates[1], rates[1] / rates[0]);
                System.out.println("  " + line);
                roundLines.add(line);
            }
            String loadAfter = loadAverage();
            long warmFailures = warmOff.failures + warmOn.failures;
            String report = report(off, on, warmFailures, roundLines, loadBefore, loadAfter);
            System.out.println();
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report, StandardCharsets.UTF_8);
            System.out.println("Written to " + out.toAbsolutePath());
            return off.failures + on.failures + warmFailures == 0;
        } finally {
            admin.deleteRealm(OFF);
            admin.deleteRealm(ON);
        }
    }

    /** The two realms: the same users, client and first two steps; "on" adds the assessment and its rules. */
    private JsonNode realm(String name, boolean assessment) {
        Flow flow = Flow.topLevel(name + " direct grant")
                .required("direct-grant-validate-username")
                .required("direct-grant-validate-password");
        if (assessment) {
            flow.required("zt-risk-assessment")
                    .conditional(Flow.sub(name + " high risk")
                            .required("zt-condition-risk-level", "bench-high-risk", Map.of("level", "high"))
                            .required("zt-deny-access", "bench-deny-high-risk", Map.of()))
                    .conditional(Flow.sub(name + " blocked countries")
                            .required("zt-condition-country", "bench-block-countries", Map.of("countries", "KP", "match", "in"))
                            .required("zt-deny-access", "bench-deny-countries", Map.of()));
        }
        RealmBuilder realm = RealmBuilder.realm(name).client(CLIENT, List.of("http://localhost/*")).directGrantFlow(flow);
        for (int i = 0; i < users; i++) {
            realm.user("user-" + i, PASSWORD);
        }
        return realm.build();
    }

    private void checkOneSignIn(Admin admin, String realm) throws InterruptedException {
        Result r = signIn(realm, "user-0");
        if (r.status != 200) {
            throw new IllegalStateException("A sign-in to " + realm + " failed before the run: HTTP " + r.status + " " + r.body);
        }
        if (ON.equals(realm)) {
            // Show that the assessment and the location lookup really ran: the LOGIN event carries their details.
            for (int attempt = 0; attempt < 20; attempt++) {
                JsonNode events = admin.get("/admin/realms/" + ON + "/events?type=LOGIN&max=1");
                if (events.size() > 0) {
                    JsonNode d = events.get(0).path("details");
                    System.out.println("bench-on LOGIN event details: " + d);
                    if (!d.has("zt_risk_level")) {
                        throw new IllegalStateException("The bench-on sign-in carries no zt_risk_level: the assessment did not run");
                    }
                    return;
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("No LOGIN event in " + ON + " after the check sign-in");
        }
    }

    /** All threads sign in to one realm for {@code seconds}; each stops by itself at the deadline. */
    private void segment(String realm, int seconds, Stats stats) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Stats>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> loop(realm, thread, deadline)));
            }
            Stats segment = new Stats();
            for (Future<Stats> f : futures) {
                // A request that started before the deadline may run for REQUEST_TIMEOUT at most.
                segment.add(f.get(seconds + REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
            }
            // Elapsed until the last thread finished its last request: in-flight requests are counted and timed.
            segment.nanos = System.nanoTime() - start;
            stats.add(segment);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** One client thread: its own share of the users (no two threads sign in the same user at once). */
    private Stats loop(String realm, int thread, long deadline) {
        Stats stats = new Stats();
        int[] mine = java.util.stream.IntStream.range(0, users).filter(u -> u % threads == thread).toArray();
        int i = 0;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            String user = "user-" + mine[i++ % mine.length];
            long t0 = System.nanoTime();
            Result r;
            try {
                r = signIn(realm, user);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long took = System.nanoTime() - t0;
            if (r.status == 200 && r.body.contains("\"access_token\"")) {
                stats.record(took);
            } else {
                stats.failures++;
                if (stats.failures <= 3) {
                    System.err.printf("FAILED sign-in %s/%s: %d %s%n", realm, user, r.status,
                            r.body.length() > 300 ? r.body.substring(0, 300) : r.body);
                }
            }
        }
        return stats;
    }

    private record Result(int status, String body) {
    }

    private Result signIn(String realm, String user) throws InterruptedException {
        String form = "grant_type=password&client_id=" + CLIENT + "&client_secret=" + Http.enc(RealmBuilder.CLIENT_SECRET)
                + "&username=" + Http.enc(user) + "&password=" + Http.enc(PASSWORD) + "&scope=openid";
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Result(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }

    /** Successful sign-ins, their latencies, failures and the time they took. */
    private static final class Stats {
        long[] latencies = new long[1024];
        int count;
        long failures;
        long nanos;

        void record(long latency) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
        }

        void add(Stats other) {
            for (int i = 0; i < other.count; i++) {
                record(other.latencies[i]);
            }
            failures += other.failures;
            nanos += other.nanos;
        }

        double perSecond() {
            return nanos == 0 ? 0 : count / (nanos / 1e9);
        }

        double percentileMillis(double p) {
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(latencies, count);
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * count) - 1;
            return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
        }

        double meanMillis() {
            long sum = 0;
            for (int i = 0; i < count; i++) {
                sum += latencies[i];
            }
            return count == 0 ? Double.NaN : sum / 1e6 / count;
        }
    }

    private String report(Stats off, Stats on, long warmFailures, List<String> roundLines, String loadBefore, String loadAfter) {
        double ratio = on.perSecond() / off.perSecond();
        boolean valid = off.failures + on.failures + warmFailures == 0;
        StringBuilder b = new StringBuilder();
        b.append("Sign-in throughput, assessment on vs off (direct grant, password)\n");
        b.append(String.format(Locale.ROOT, "date        %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        b.append(String.format(Locale.ROOT, "server      %s%n", baseUrl));
        b.append(String.format(Locale.ROOT, "client JVM  %s %s, %d cores%n", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "load        %d threads, %d users, X-Forwarded-For %s; warm-up %d s per realm; "
                + "%d rounds x %d s per realm, order flipped each round%n", threads, users, from, warmupSeconds, rounds, roundSeconds));
        b.append(String.format(Locale.ROOT, "load avg    before %s, after %s%n", loadBefore, loadAfter));
        b.append('\n');
        b.append("| realm | sign-ins | failures | seconds | sign-ins/s | mean ms | p50 ms | p90 ms | p99 ms |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (var e : List.of(Map.entry(OFF, off), Map.entry(ON, on))) {
            Stats s = e.getValue();
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f |%n", e.getKey(), s.count,
                    s.failures, s.nanos / 1e9, s.perSecond(), s.meanMillis(), s.percentileMillis(50), s.percentileMillis(90),
                    s.percentileMillis(99)));
        }
        b.append('\n');
        roundLines.forEach(l -> b.append(l).append('\n'));
        b.append('\n');
        b.append(String.format(Locale.ROOT, "ratio on/off (throughput): %.3f  (target >= 0.95: %s)%n", ratio,
                ratio >= 0.95 ? "met" : "NOT met"));
        b.append(valid ? "valid run: every sign-in succeeded\n"
                : String.format(Locale.ROOT, "INVALID RUN: %d failed sign-ins (warm-up %d, off %d, on %d)%n",
                        warmFailures + off.failures + on.failures, warmFailures, off.failures, on.failures));
        return b.toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
        }
    }

    private static int intProperty(String name, int defaultValue, int min, int max) {
        String v = System.getProperty(name);
        int value = v == null || v.isBlank() ? defaultValue : Integer.parseInt(v.trim());
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static Path path(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue);
        if (value == null) {
            throw new IllegalStateException("System property " + property
                    + " missing: run with ./mvnw -B -q -pl bench exec:java@load (see bench/README.md)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    /** The few Admin REST calls the driver needs, as the master realm's admin (admin/admin). */
    private static final class Admin {
        private final String baseUrl;
        private String token;
        private long tokenExpires;

        Admin(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        void recreate(JsonNode realm) {
            deleteRealm(realm.get("realm").asText());
            HttpResult r = Http.sendJson("POST", baseUrl + "/admin/realms", Json.write(realm), auth());
            r.expect(201);
        }

        void deleteRealm(String realm) {
            HttpResult r = Http.sendJson("DELETE", baseUrl + "/admin/realms/" + realm, null, auth());
            if (r.status() != 204 && r.status() != 404) {
                throw new IllegalStateException("Deleting realm " + realm + ": " + r);
            }
        }

        JsonNode get(String path) {
            return Http.get(baseUrl + path, auth()).expect(200).json();
        }

        private synchronized Map<String, String> auth() {
            if (token == null || System.nanoTime() > tokenExpires) {
                JsonNode t = Http.postForm(baseUrl + "/realms/master/protocol/openid-connect/token",
                        Map.of("grant_type", "password", "client_id", "admin-cli",
                                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), Map.of())
                        .expect(200).json();
                token = t.get("access_token").asText();
                tokenExpires = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(5, t.get("expires_in").asLong() - 10));
            }
            return Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        }
    }
}
