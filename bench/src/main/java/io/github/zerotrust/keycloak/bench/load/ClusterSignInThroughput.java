package io.github.zerotrust.keycloak.bench.load;

import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.Nginx;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's cost per sign-in: the sign-ins of {@link SignInThroughput}'s "on" realm (password grants through the
 * risk assessment and its rules, passwords hashed with one PBKDF2 iteration so the hash does not hide the rest) on one
 * Keycloak node and on two nodes behind nginx, in the same run, interleaved rounds with the order flipped each round.
 *
 * <ul>
 *   <li>{@code one-node}: node C, alone on its own PostgreSQL database ({@code zt.bench.postgres.single}), as a
 *       production node is (Keycloak's default Infinispan stack, a cluster of one), behind an nginx of its own;</li>
 *   <li>{@code two-nodes}: nodes A and B on the database of {@code ZT_IT_POSTGRES_URL}, clustered as the cluster tests'
 *       nodes are, behind Debian's nginx running {@code docker/keycloak-proxy.conf.template} ({@code ZT_IT_NGINX}).</li>
 * </ul>
 *
 * <p>All three share this machine's cores, and the idle target's JVMs sit idle during the other's segments. So besides
 * sign-ins per second the report gives the CPU milliseconds per sign-in of the target's Keycloak JVMs (C; A plus B):
 * the cluster tax is the ratio of those. The same options as {@link SignInThroughput} ({@code zt.bench.threads},
 * {@code zt.bench.warmup}, {@code zt.bench.rounds}, {@code zt.bench.round}, {@code zt.bench.users},
 * {@code zt.bench.from}); {@code zt.bench.realm} [on; {@code off}: the same sign-ins without the suite's steps, for
 * the cluster's own cost].
 */
public final class ClusterSignInThroughput {

    static final String ONE = "one-node";
    static final String TWO = "two-nodes";

    private ClusterSignInThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Comparison.path("zt.bench.out", "bench/target/cluster-sign-in-throughput.txt");
        Path work = Comparison.path("zt.bench.work", "bench/target/keycloak-cluster");
        String clusterDb = required(System.getProperty("zt.bench.postgres", System.getenv("ZT_IT_POSTGRES_URL")),
                "the two nodes' database: export ZT_IT_POSTGRES_DB=zt_bench_two ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh)");
        String singleDb = required(System.getProperty("zt.bench.postgres.single"),
                "the single node's own database: -Dzt.bench.postgres.single=$(ZT_IT_POSTGRES_DB=zt_bench_one bash integration-tests/postgres.sh)");
        if (clusterDb.equals(singleDb)) {
            throw new IllegalArgumentException("The single node needs a database of its own, not the two nodes' " + clusterDb);
        }
        Path nginxBinary = Path.of(required(System.getenv("ZT_IT_NGINX"), "nginx: export ZT_IT_NGINX=$(bash integration-tests/nginx.sh)"));
        Path geo = Comparison.path("zt.geo.db", null);
        Path home = KeycloakHome.prepare(Comparison.path("zt.keycloak.dist", null), work.resolve("home"),
                List.of(Comparison.path("zt.bundle", null)));
        Path homeB = work.resolve("home-b");
        Path homeC = work.resolve("home-c");
        Path logs = work.resolve("logs");

        List<KeycloakServer> started = Collections.synchronizedList(new ArrayList<>());
        List<AutoCloseable> proxies = Collections.synchronizedList(new ArrayList<>());
        Thread hook = new Thread(() -> stopAll(started, proxies), "cluster-sign-in-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean valid;
        try {
            KeycloakServer a = start(started, ServerOptions.h2(home).withDatabase(postgres(clusterDb)).asNode("cluster-a", 0), geo, logs);
            // Copies of A's built home, as the cluster tests make them: the same bundle, the same build.
            KeycloakHome.copyOf(home, homeB);
            KeycloakHome.copyOf(home, homeC);
            KeycloakServer b = start(started, ServerOptions.h2(homeB).withDatabase(postgres(clusterDb)).asNode("cluster-b", 0), geo, logs);
            KeycloakServer c = start(started, ServerOptions.h2(homeC).withDatabase(postgres(singleDb)).asNode("single-c", 0), geo, logs);
            // Each target behind its own nginx, so both pay the same hop and see the same (proxy) address.
            Path docker = Comparison.path("zt.docker.dir", "docker");
            Nginx proxy = Nginx.inFrontOf(a, b, nginxBinary, docker, work.resolve("proxy-two"));
            proxies.add(proxy);
            Nginx single = Nginx.inFrontOf(c, c, nginxBinary, docker, work.resolve("proxy-one"));
            proxies.add(single);
            System.out.println("one node behind nginx: " + single.baseUrl() + " (C " + c.baseUrl() + "); two nodes behind nginx: "
                    + proxy.baseUrl() + " (A " + a.baseUrl() + ", B " + b.baseUrl() + ")");

            // "on" (default): the suite's rules in the flow; "off": Keycloak's username and password only, the cluster's own cost.
            boolean rules = !"off".equals(System.getProperty("zt.bench.realm", "on"));
            String realm = rules ? SignInThroughput.ON : SignInThroughput.OFF;
            Map<String, List<ProcessHandle>> jvms = Map.of(ONE, List.of(jvm(homeC)), TWO, List.of(jvm(home), jvm(homeB)));
            Comparison comparison = new Comparison(30, 6, 20, jvms);
            SignInThroughput driver = new SignInThroughput(proxy.baseUrl(), Map.of(
                    ONE, new SignInThroughput.Target(single.baseUrl(), realm),
                    TWO, new SignInThroughput.Target(proxy.baseUrl(), realm)), comparison);
            BenchAdmin oneAdmin = new BenchAdmin(c.baseUrl());
            BenchAdmin twoAdmin = new BenchAdmin(a.baseUrl());
            oneAdmin.recreate(driver.realm(realm, rules, true, true));
            twoAdmin.recreate(driver.realm(realm, rules, true, true));
            driver.checkOneSignIn(oneAdmin, ONE);
            driver.checkOneSignIn(twoAdmin, TWO);
            Comparison.Result result = comparison.measure(ONE, TWO, ONE, TWO, driver::signIn);
            double cpuRatio = result.tested().cpuMillisPerSignIn() / result.base().cpuMillisPerSignIn();
            String report = comparison.header("Sign-in throughput, one node vs two nodes behind nginx (direct grant, realm " + realm
                    + (rules ? ": assessment and rules" : ": Keycloak's steps only") + ", one-iteration hash, PostgreSQL)", proxy.baseUrl(), "") + Comparison.table(result, ONE, TWO, ONE,
                    TWO, Double.NaN) + String.format(java.util.Locale.ROOT, "cluster tax (server CPU per sign-in, two nodes / one node):"
                    + " %.3f  (target <= 1.10: %s)%n", cpuRatio, cpuRatio <= 1.10 ? "met" : "NOT met");
            Comparison.write(out, report);
            valid = result.failures() == 0;
        } finally {
            stopAll(started, proxies);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        if (!valid) {
            System.exit(1);
        }
    }

    private static KeycloakServer start(List<KeycloakServer> started, ServerOptions options, Path geo, Path logs) {
        KeycloakServer server = new KeycloakServer(options.withOption("spi-zt-geo-locator--mmdb--database", geo.toString()), logs);
        started.add(server);
        System.out.println("Starting " + options.nodeName() + " in " + options.home() + " ...");
        server.start();
        return server;
    }

    private static ProcessHandle jvm(Path home) {
        Optional<ProcessHandle> jvm = Workers.keycloakJvm(home);
        return jvm.orElseThrow(() -> new IllegalStateException("No Keycloak JVM runs from " + home + ": no CPU figures"));
    }

    private static ServerOptions.Database postgres(String url) {
        return new ServerOptions.Database.Postgres(url, "zt_it", "zt_it");
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Missing " + what);
        }
        return value.trim();
    }

    private static void stopAll(List<KeycloakServer> started, List<AutoCloseable> proxies) {
        synchronized (proxies) {
            for (AutoCloseable p : proxies) {
                try {
                    p.close();
                } catch (Exception e) {
                    // stopping anyway
                }
            }
            proxies.clear();
        }
        synchronized (started) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).stop();
            }
            started.clear();
        }
    }
}
