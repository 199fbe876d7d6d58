package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;

/**
 * Shared Signals push throughput of one node, against the real Keycloak server (H2) with the bundle deployed: a trusted
 * transmitter with a static JWKS (one RS256 key of 2048 bits the driver holds), and {@code zt.bench.threads} client
 * threads pushing signed SETs to {@code POST /realms/bench-ssf/zero-trust/ssf/push/bench} for a fixed time; every answer
 * must be 202. Two mixes, measured one after the other:
 * <ol>
 *   <li><b>unknown subject</b>: CAEP {@code session-revoked} about addresses no user has. The receiver's own cost: the
 *   bearer secret, the size and type checks, the JWS parsing, the key from the static JWKS, the RS256 signature, the
 *   claim checks, the cluster-wide {@code jti} replay store, the user lookup by address, and the event.</li>
 *   <li><b>acting</b>: CAEP {@code session-revoked} and RISC {@code credential-compromise}, alternately, each about a
 *   different user who has a session: the same, plus the signal engine ending the user's sessions (and, for the
 *   compromise, requiring a password reset). Checked afterwards on sampled users: no session listed, the refresh token
 *   refused.</li>
 * </ol>
 * The SETs are signed before each mix (client-side RSA signing would otherwise take a core from the server on this
 * machine); each phase stops at its time or when its SETs run out. Measured per mix: SETs answered 202 per second, the
 * push answer's p50/p90/p99, errors, and the Keycloak JVM's CPU seconds per 1,000 SETs (from {@code /proc/<pid>/stat}).
 * System properties: {@code zt.bench.threads} [8], {@code zt.bench.seconds} [30] per mix, {@code zt.bench.warmup} [15]
 * seconds, {@code zt.bench.maxRate} [1500] SETs/s signed ahead for the unknown-subject mix, {@code zt.bench.actUsers}
 * [6000] users with a session for the acting mix, {@code zt.bench.storeEvents} [true] (the realm stores its events, as
 * an audited realm does); paths from {@code bench/pom.xml}.
 */
public final class SsfPushThroughput {

    static final String REALM = "bench-ssf";
    static final String CLIENT = "bench-app";
    static final String SECRET = "bench-secret";
    static final String PASSWORD = "bench-password";
    static final String ALIAS = "bench";
    static final String AUDIENCE = "https://receiver.example.test/ssf";
    private static final int SAMPLE = 50;

    private final KeycloakServer server;
    private final AdminApi admin;
    private final Path home;
    private final int threads = Integer.getInteger("zt.bench.threads", 8);
    private final int seconds = Integer.getInteger("zt.bench.seconds", 30);
    private final int warmup = Integer.getInteger("zt.bench.warmup", 15);
    private final int maxRate = Integer.getInteger("zt.bench.maxRate", 1500);
    private final int actUsers = Integer.getInteger("zt.bench.actUsers", 6000);
    private final boolean storeEvents = Boolean.parseBoolean(System.getProperty("zt.bench.storeEvents", "true"));
    private final HttpClient http = Workers.http();
    private final SetSigner signer = new SetSigner("https://transmitter.example.test", AUDIENCE);
    private String pushSecret;

    SsfPushThroughput(KeycloakServer server, Path home) {
        this.server = server;
        this.admin = server.admin();
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("zt.bench.out", "bench/target/ssf-throughput.txt"));
        Path work = Path.of(System.getProperty("zt.bench.work", "bench/target/keycloak-ssf"));
        Path home = KeycloakHome.prepare(Path.of(System.getProperty("zt.keycloak.dist")), work.resolve("home"),
                List.of(Path.of(System.getProperty("zt.bundle"))));
        KeycloakServer server = new KeycloakServer(ServerOptions.h2(home), work.resolve("logs"));
        Thread hook = new Thread(server::stop, "ssf-throughput-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            System.out.println("Starting Keycloak 26.7.3 in " + home + " ...");
            server.start();
            String report = new SsfPushThroughput(server, home).run();
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
            if (report.contains("INVALID")) {
                System.exit(1);
            }
        } finally {
            server.stop();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    String run() throws Exception {
        ProcessHandle jvm = Workers.keycloakJvm(home)
                .orElseThrow(() -> new IllegalStateException("The Keycloak JVM below this process is not found"));
        String loadBefore = Workers.loadAverage();
        admin.deleteRealm(REALM);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < actUsers; i++) {
            users.add(user(i));
        }
        ObjectNode realm = Workers.realm(REALM, CLIENT, SECRET, PASSWORD, users);
        if (storeEvents) {
            realm.put("eventsEnabled", true);
            realm.putArray("enabledEventTypes").add("CUSTOM_REQUIRED_ACTION").add("CUSTOM_REQUIRED_ACTION_ERROR");
        }
        System.out.printf("Creating realm %s with %d users ...%n", REALM, actUsers);
        admin.createRealm(realm);
        pushSecret = admin.put("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/" + ALIAS, signer.transmitterSettings())
                .expect(201).json().path("pushSecret").asText();
        checkOneOfEach();

        StringBuilder report = new StringBuilder(String.format(
                "Shared Signals push on Keycloak 26.7.3 (H2, one node, %d cores), %s; %d client threads, events %s%n"
                        + "load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), Instant.now(), threads, storeEvents ? "stored" : "not stored",
                loadBefore));

        System.out.printf("Signing %d unknown-subject SETs for the warm-up ...%n", warmup * maxRate);
        Phase warm = push(sign(warmup * maxRate, i -> SetSigner.SESSION_REVOKED, i -> "warm-" + i), warmup, jvm);
        report.append(warm.line("warm-up (not counted), unknown subject"));
        System.out.printf("Signing %d unknown-subject SETs ...%n", seconds * maxRate);
        Phase unknown = push(sign(seconds * maxRate, i -> SetSigner.SESSION_REVOKED, i -> "nobody-" + i), seconds, jvm);
        report.append(unknown.line("(a) unknown subject, session-revoked"));

        System.out.printf("Signing %d users in (one session each) ...%n", actUsers);
        List<String> refreshTokens = new ArrayList<>(Collections.nCopies(actUsers, (String) null));
        Workers.parallel(threads, actUsers, i -> refreshTokens.set(i, signIn(user(i))));
        System.out.printf("Signing %d acting SETs ...%n", actUsers);
        Phase acting = push(sign(actUsers, i -> i % 2 == 0 ? SetSigner.SESSION_REVOKED : SetSigner.CREDENTIAL_COMPROMISE,
                SsfPushThroughput::user), seconds, jvm);
        report.append(acting.line("(b) acting, session-revoked / credential-compromise on users with a session"));
        report.append(checkActed(acting.sent(), refreshTokens));
        report.append(String.format("load average after: %s%n", Workers.loadAverage()));
        if (unknown.errors() + acting.errors() + warm.errors() > 0) {
            report.append("INVALID: some valid SETs were not answered 202\n");
        }
        return report.toString();
    }

    /** Before measuring: one SET of each mix is answered 202 and does what the mix says (or the run stops). */
    private void checkOneOfEach() throws Exception {
        int unknown = send(signer.sign(SetSigner.SESSION_REVOKED, "nobody-check@example.test")).statusCode();
        String canary = "canary";
        admin.post("/admin/realms/" + REALM + "/users", Map.of("username", canary, "enabled", true, "email",
                canary + "@example.test", "emailVerified", true, "firstName", "Bench", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)))).expect(201);
        String token = signIn(canary);
        int acting = send(signer.sign(SetSigner.SESSION_REVOKED, canary + "@example.test")).statusCode();
        int refresh = refresh(token);
        if (unknown != 202 || acting != 202 || refresh == 200) {
            throw new IllegalStateException("Check before measuring: unknown subject " + unknown + ", acting " + acting
                    + ", refresh after it " + refresh + " (expected 202, 202, refused)");
        }
        if (storeEvents) {
            List<JsonNode> events = admin.events(REALM, "CUSTOM_REQUIRED_ACTION");
            boolean unknownRecorded = events.stream().anyMatch(e -> "unknown-subject".equals(e.path("details").path("zt_ssf_outcome").asText()));
            boolean actedRecorded = events.stream().anyMatch(e -> "acted".equals(e.path("details").path("zt_ssf_outcome").asText()));
            if (!unknownRecorded || !actedRecorded) {
                throw new IllegalStateException("Check before measuring: the SETs' events are missing: " + events);
            }
        }
    }

    /** After the acting mix: sampled users it named have no session left and their refresh tokens are refused. */
    private String checkActed(int named, List<String> refreshTokens) throws Exception {
        int step = Math.max(1, named / SAMPLE);
        int checked = 0;
        for (int i = 0; i < named; i += step) {
            String id = admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + user(i)).expect(200).json()
                    .get(0).path("id").asText();
            int left = admin.get("/admin/realms/" + REALM + "/users/" + id + "/sessions").expect(200).json().size();
            int refresh = refresh(refreshTokens.get(i));
            if (left != 0 || refresh != 400) {
                return String.format("INVALID: %s was named by an acting SET but has %d sessions and its refresh answered %d%n",
                        user(i), left, refresh);
            }
            checked++;
        }
        int untouched = named < actUsers ? refresh(refreshTokens.get(actUsers - 1)) : 200;
        if (untouched != 200) {
            return String.format("INVALID: %s was named by no SET but its refresh answered %d%n", user(actUsers - 1), untouched);
        }
        return String.format("  checked: %d sampled users named by the acting mix have no session left and their refresh is "
                + "refused; a user no SET named still refreshes%n", checked);
    }

    /** {@code count} SETs signed on every core: SET {@code i} of {@code type(i)} about {@code username(i)}. */
    private List<String> sign(int count, IntFunction<String> type, IntFunction<String> username) throws Exception {
        List<String> tokens = new ArrayList<>(Collections.nCopies(count, (String) null));
        Workers.parallel(Runtime.getRuntime().availableProcessors(), count,
                i -> tokens.set(i, signer.sign(type.apply(i), username.apply(i) + "@example.test")));
        return tokens;
    }

    /** What one phase measured. */
    record Phase(int sent, int accepted, int errors, double elapsedSeconds, List<Long> micros, long[] perSecond,
                 double serverCpu, double driverCpu, List<String> firstErrors) {

        String line(String name) {
            List<Long> full = new ArrayList<>();
            for (int s = 0; s < (int) elapsedSeconds && s < perSecond.length; s++) {
                full.add(perSecond[s]);
            }
            Collections.sort(full);
            return String.format("""
                    %s: %d SETs in %.1f s, %d answered 202, %d errors -> %.0f SETs/s (whole seconds: min %d, median %d, max %d)
                      push answer p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms
                      Keycloak JVM CPU %.1f s = %.2f CPU s per 1,000 SETs; driver JVM (signing excluded) %.1f s%s
                    """, name, sent, elapsedSeconds, accepted, errors, accepted / elapsedSeconds,
                    full.isEmpty() ? 0 : full.get(0), full.isEmpty() ? 0 : full.get(full.size() / 2),
                    full.isEmpty() ? 0 : full.get(full.size() - 1),
                    ms(50), ms(90), ms(99), micros.isEmpty() ? 0 : micros.get(micros.size() - 1) / 1000.0,
                    serverCpu, sent == 0 ? 0 : serverCpu / sent * 1000, driverCpu,
                    firstErrors.isEmpty() ? "" : "\n  first errors: " + firstErrors);
        }

        private double ms(int p) {
            return Workers.percentile(micros, p) / 1000.0;
        }
    }

    /** Pushes {@code tokens} from the client threads until {@code limit} seconds passed or none is left. */
    private Phase push(List<String> tokens, int limit, ProcessHandle jvm) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLongArray perSecond = new AtomicLongArray(limit + 1);
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());
        double cpuBefore = Workers.cpuSeconds(jvm);
        double driverBefore = driverCpu();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(limit).toNanos();
        Workers.parallel(threads, threads, t -> {
            List<Long> mine = new ArrayList<>();
            int i;
            while (System.nanoTime() < end && (i = next.getAndIncrement()) < tokens.size()) {
                long sent = System.nanoTime();
                HttpResponse<String> answer = send(tokens.get(i));
                long done = System.nanoTime();
                mine.add((done - sent) / 1000);
                if (answer.statusCode() == 202) {
                    perSecond.incrementAndGet((int) Math.min(limit, (done - start) / 1_000_000_000L));
                } else {
                    errors.incrementAndGet();
                    if (firstErrors.size() < 3) {
                        firstErrors.add(answer.statusCode() + " " + answer.body());
                    }
                }
            }
            micros.addAll(mine);
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = Workers.cpuSeconds(jvm) - cpuBefore;
        double driver = driverCpu() - driverBefore;
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        long[] counts = new long[perSecond.length()];
        long accepted = 0;
        for (int s = 0; s < counts.length; s++) {
            counts[s] = perSecond.get(s);
            accepted += counts[s];
        }
        return new Phase(sorted.size(), (int) accepted, errors.get(), elapsed, sorted, counts, cpu, driver, firstErrors);
    }

    private static double driverCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private HttpResponse<String> send(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/realms/" + REALM + "/zero-trust/ssf/push/" + ALIAS))
                .header("Content-Type", "application/secevent+jwt").header("Authorization", "Bearer " + pushSecret)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(token)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String user(int i) {
        return String.format("act-%05d", i);
    }

    private String signIn(String username) throws Exception {
        HttpResponse<String> response = Workers.postForm(http, tokenUrl(), Map.of("grant_type", "password", "client_id", CLIENT,
                "client_secret", SECRET, "username", username, "password", PASSWORD, "scope", "openid"));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Sign-in of " + username + ": " + response.statusCode() + " " + response.body());
        }
        return Workers.JSON.readTree(response.body()).path("refresh_token").asText();
    }

    private int refresh(String refreshToken) throws Exception {
        return Workers.postForm(http, tokenUrl(), Map.of("grant_type", "refresh_token", "client_id", CLIENT,
                "client_secret", SECRET, "refresh_token", refreshToken)).statusCode();
    }

    private String tokenUrl() {
        return server.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token";
    }
}
