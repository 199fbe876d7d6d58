package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

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
 *
 * <p>{@link ClusterSignInThroughput} runs the same sign-ins to the "on" realm on one node and on two nodes behind
 * nginx instead of "off" against "on".
 */
public final class SignInThroughput {

    static final String OFF = "bench-off";
    static final String ON = "bench-on";
    static final String CLIENT = "bench-app";
    static final String PASSWORD = "bench-password";

    /** What a segment's label signs in to: a server (its base URL) and a realm on it. */
    record Target(String baseUrl, String realm) {
    }

    private final String baseUrl;
    private final Map<String, Target> targets;
    private final Comparison comparison;
    private final int users;
    /** Redirects are never followed (the client's default): each sign-in step is read as Keycloak answers it. */
    private final HttpClient http = Workers.http();
    /** Per client thread, the index of its next user (each thread touches only its own). */
    private final int[] nextUser;

    private SignInThroughput(String baseUrl, Optional<ProcessHandle> serverJvm) {
        this(baseUrl, Map.of(OFF, new Target(baseUrl, OFF), ON, new Target(baseUrl, ON)), new Comparison(20, 6, 20, serverJvm));
    }

    /** Sign-ins to {@code targets} by label, measured by {@code comparison}; {@code baseUrl} is the one the report names. */
    SignInThroughput(String baseUrl, Map<String, Target> targets, Comparison comparison) {
        this.baseUrl = baseUrl;
        this.targets = Map.copyOf(targets);
        this.comparison = comparison;
        this.users = Comparison.intProperty("zt.bench.users", 20, comparison.threads, 1000);
        this.nextUser = new int[comparison.threads];
    }

    public static void main(String[] args) throws Exception {
        Path out = Comparison.path("zt.bench.out", "bench/target/sign-in-throughput.txt");
        Comparison.main("sign-in-throughput", "bench/target/keycloak-load",
                (url, jvm) -> new SignInThroughput(url, jvm).run(out));
    }

    /** Sets up, warms up, measures, reports; true if every sign-in succeeded. */
    private boolean run(Path out) throws Exception {
        BenchAdmin admin = new BenchAdmin(baseUrl);
        admin.recreate(realm(OFF, false));
        admin.recreate(realm(ON, true));
        try {
            checkOneSignIn(admin, OFF);
            checkOneSignIn(admin, ON);
            Comparison.Result result = comparison.measure(OFF, ON, "off", "on", this::signIn);
            String report = comparison.header("Sign-in throughput, assessment on vs off (direct grant, password)", baseUrl,
                    users + " users, ")
                    + Comparison.table(result, OFF, ON, "off", "on", 0.95);
            Comparison.write(out, report);
            return result.failures() == 0;
        } finally {
            admin.deleteRealm(OFF);
            admin.deleteRealm(ON);
        }
    }

    /** The two realms: the same users, client and first two steps; "on" adds the assessment and its rules. */
    JsonNode realm(String name, boolean assessment) {
        return realm(name, assessment, false, false);
    }

    /**
     * The same, with passwords hashed by one PBKDF2 iteration when {@code cheapHash} (the hash would hide the rest), and
     * for sign-ins through a proxy that sets {@code X-Forwarded-For} itself when {@code behindProxy}: the address is
     * then the proxy's loopback, of no country, which the country rule lets through instead of refusing.
     */
    JsonNode realm(String name, boolean assessment, boolean cheapHash, boolean behindProxy) {
        Flow flow = Flow.topLevel(name + " direct grant")
                .required("direct-grant-validate-username")
                .required("direct-grant-validate-password");
        if (assessment) {
            flow.required("zt-risk-assessment")
                    .conditional(Flow.sub(name + " high risk")
                            .required("zt-condition-risk-level", "bench-high-risk", Map.of("level", "high"))
                            .required("zt-deny-access", "bench-deny-high-risk", Map.of()))
                    .conditional(Flow.sub(name + " blocked countries")
                            .required("zt-condition-country", "bench-block-countries", behindProxy
                                    ? Map.of("countries", "KP", "match", "in", "unknown_country", "no-match")
                                    : Map.of("countries", "KP", "match", "in"))
                            .required("zt-deny-access", "bench-deny-countries", Map.of()));
        }
        RealmBuilder realm = RealmBuilder.realm(name).client(CLIENT, List.of("http://localhost/*")).directGrantFlow(flow);

        for (int i = 0; i < users; i++) {
            realm.user("user-" + i, PASSWORD);
        }
        com.fasterxml.jackson.databind.node.ObjectNode built = realm.build();
        if (cheapHash) {
            // Before the users are imported, so their passwords are hashed so too.
            built.put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        }
        return built;
    }

    /** One sign-in to {@code label}'s target must succeed; to the "on" realm its LOGIN event must carry the assessment. */
    void checkOneSignIn(BenchAdmin admin, String label) throws InterruptedException {
        String realm = targets.get(label).realm();
        Result r = send(label, "user-0");
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

    private record Result(int status, String body) {
    }

    private Result send(String label, String user) throws InterruptedException {
        Target target = targets.get(label);
        String realm = target.realm();
        String form = "grant_type=password&client_id=" + CLIENT + "&client_secret=" + Http.enc(RealmBuilder.CLIENT_SECRET)
                + "&username=" + Http.enc(user) + "&password=" + Http.enc(PASSWORD) + "&scope=openid";
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(Comparison.REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", comparison.from)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Result(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }

    /** One sign-in by client thread {@code thread}: its own share of the users (no two threads sign in the same user at once). */
    Comparison.Outcome signIn(String label, int thread) throws InterruptedException {
        int[] mine = IntStream.range(0, users).filter(u -> u % comparison.threads == thread).toArray();
        String user = "user-" + mine[nextUser[thread]++ % mine.length];
        long t0 = System.nanoTime();
        Result r = send(label, user);
        long took = System.nanoTime() - t0;
        return r.status == 200 && r.body.contains("\"access_token\"") ? Comparison.Outcome.ok(took)
                : Comparison.Outcome.failed(took, user + ": " + r.status + " " + r.body);
    }
}
