package io.github.zerotrust.keycloak.bench.load;

import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the sign-in comparisons share ({@link SignInThroughput}, {@link AuthCodeSignInThroughput}): one real Keycloak
 * started through the integration-test harness (or a running one on localhost), a fixed number of client threads
 * signing in to one realm at a time, a warm-up and then interleaved rounds with the order flipped every round (so
 * drift hits both realms alike), the server's CPU time per segment, and the table of the figures.
 */
final class Comparison {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    /** One sign-in by client thread {@code thread}: how long it took and, if it failed, why (null: it succeeded). */
    record Outcome(long nanos, String failure) {
        static Outcome ok(long nanos) {
            return new Outcome(nanos, null);
        }

        static Outcome failed(long nanos, String why) {
            return new Outcome(nanos, why);
        }
    }

    interface SignIns {
        Outcome signIn(String realm, int thread) throws InterruptedException;
    }

    /** The measurement, given the server's base URL and its JVM (empty for a server this driver did not start). */
    interface Body {
        boolean run(String baseUrl, Optional<ProcessHandle> serverJvm) throws Exception;
    }

    /** Per realm: warm-up and measured figures, and each round's line. */
    record Result(Stats baseWarm, Stats testedWarm, Stats base, Stats tested, List<String> rounds, String loadBefore,
                  String loadAfter) {
        long failures() {
            return baseWarm.failures + testedWarm.failures + base.failures + tested.failures;
        }

        double ratio() {
            return tested.perSecond() / base.perSecond();
        }

        double p50Difference() {
            return tested.percentileMillis(50) - base.percentileMillis(50);
        }
    }

    final int threads;
    final int warmupSeconds;
    final int rounds;
    final int roundSeconds;
    final String from;
    private final Optional<ProcessHandle> serverJvm;
    /** The Keycloak JVMs that serve each segment's label; empty: {@link #serverJvm} serves them all. */
    private final java.util.Map<String, List<ProcessHandle>> jvmsByLabel;

    Comparison(int defaultWarmup, int defaultRounds, int defaultRound, Optional<ProcessHandle> serverJvm) {
        this(defaultWarmup, defaultRounds, defaultRound, serverJvm, java.util.Map.of());
    }

    /** Segments labelled by their servers rather than realms: each label's CPU time is the sum over its JVMs. */
    Comparison(int defaultWarmup, int defaultRounds, int defaultRound, java.util.Map<String, List<ProcessHandle>> jvmsByLabel) {
        this(defaultWarmup, defaultRounds, defaultRound, Optional.empty(), jvmsByLabel);
    }

    private Comparison(int defaultWarmup, int defaultRounds, int defaultRound, Optional<ProcessHandle> serverJvm,
                       java.util.Map<String, List<ProcessHandle>> jvmsByLabel) {
        this.threads = intProperty("zt.bench.threads", 4, 1, 64);
        this.warmupSeconds = intProperty("zt.bench.warmup", defaultWarmup, 1, 600);
        this.rounds = intProperty("zt.bench.rounds", defaultRounds, 1, 100);
        this.roundSeconds = intProperty("zt.bench.round", defaultRound, 1, 600);
        this.from = System.getProperty("zt.bench.from", "192.0.2.10");
        this.serverJvm = serverJvm;
        this.jvmsByLabel = java.util.Map.copyOf(jvmsByLabel);
    }

    /**
     * Starts Keycloak in {@code defaultWork} (or uses {@code zt.bench.url}), runs the body, stops the server (also on
     * failure or Ctrl-C) and exits with 1 if the body says the run was invalid.
     */
    static void main(String name, String defaultWork, Body body) throws Exception {
        String url = System.getProperty("zt.bench.url");
        AtomicReference<KeycloakServer> started = new AtomicReference<>();
        Thread hook = new Thread(() -> stop(started), name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean valid;
        try {
            Optional<ProcessHandle> jvm = Optional.empty();
            if (url == null || url.isBlank()) {
                Path work = path("zt.bench.work", defaultWork);
                Path home = KeycloakHome.prepare(path("zt.keycloak.dist", null), work.resolve("home"),
                        List.of(path("zt.bundle", null)));
                ServerOptions options = ServerOptions.h2(home)
                        .withOption("spi-zt-geo-locator--mmdb--database", path("zt.geo.db", null).toString());
                KeycloakServer server = new KeycloakServer(options, work.resolve("logs"));
                started.set(server);
                System.out.println("Starting Keycloak 26.7.3 in " + home + " (log under " + work.resolve("logs") + ") ...");
                server.start();
                url = server.baseUrl();
                jvm = Workers.keycloakJvm(home);
                System.out.println("Keycloak is ready at " + url + "; log: " + server.logFile()
                        + jvm.map(h -> "; server JVM pid " + h.pid()).orElse("; server JVM not found (no CPU figures)"));
            } else {
                url = url.replaceAll("/+$", "");
                String host = URI.create(url).getHost();
                if (host == null || !LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("zt.bench.url must point at localhost / 127.0.0.1 / [::1], not " + url);
                }
                System.out.println("Using the running Keycloak at " + url + " (no server CPU figures)");
            }
            valid = body.run(url, jvm);
        } finally {
            stop(started);
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

    private static void stop(AtomicReference<KeycloakServer> started) {
        KeycloakServer s = started.getAndSet(null);
        if (s != null) {
            System.out.println("Stopping Keycloak ...");
            s.stop();
        }
    }

    /** Warm-up of each realm, then the interleaved rounds; {@code labels} name the realms in the round lines. */
    Result measure(String base, String tested, String baseLabel, String testedLabel, SignIns signIns) throws Exception {
        String loadBefore = Workers.loadAverage();
        System.out.printf("Warm-up: %d s per realm, %d threads ...%n", warmupSeconds, threads);
        Stats baseWarm = new Stats();
        Stats testedWarm = new Stats();
        segment(base, warmupSeconds, baseWarm, signIns);
        segment(tested, warmupSeconds, testedWarm, signIns);
        System.out.printf("  warm-up done: %s %.1f/s, %s %.1f/s, failures %d%n", baseLabel, baseWarm.perSecond(),
                testedLabel, testedWarm.perSecond(), baseWarm.failures + testedWarm.failures);
        Stats baseAll = new Stats();
        Stats testedAll = new Stats();
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // Alternating, the order flipped every round: linear drift cancels out.
            boolean baseFirst = r % 2 == 0;
            Stats b = new Stats();
            Stats t = new Stats();
            if (baseFirst) {
                segment(base, roundSeconds, b, signIns);
                segment(tested, roundSeconds, t, signIns);
            } else {
                segment(tested, roundSeconds, t, signIns);
                segment(base, roundSeconds, b, signIns);
            }
            baseAll.add(b);
            testedAll.add(t);
            String line = String.format(Locale.ROOT, "round %d (%s first): %s %.1f/s, %s %.1f/s, %s/%s %.3f, p50 %+.1f ms%s",
                    r + 1, baseFirst ? baseLabel : testedLabel, baseLabel, b.perSecond(), testedLabel, t.perSecond(),
                    testedLabel, baseLabel, t.perSecond() / b.perSecond(), t.percentileMillis(50) - b.percentileMillis(50),
                    b.failures + t.failures == 0 ? "" : ", failures " + (b.failures + t.failures));
            System.out.println("  " + line);
            lines.add(line);
        }
        return new Result(baseWarm, testedWarm, baseAll, testedAll, lines, loadBefore, Workers.loadAverage());
    }

    /** All threads sign in to one realm for {@code seconds}; each stops by itself at the deadline. */
    private void segment(String realm, int seconds, Stats stats, SignIns signIns) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            double cpuBefore = serverCpu(realm);
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Stats>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> loop(realm, thread, deadline, signIns)));
            }
            Stats segment = new Stats();
            for (Future<Stats> f : futures) {
                // A sign-in that started before the deadline may run for a few REQUEST_TIMEOUTs at most.
                segment.add(f.get(seconds + 5 * REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS));
            }
            // Elapsed until the last thread finished its last sign-in: in-flight sign-ins are counted and timed.
            segment.nanos = System.nanoTime() - start;
            segment.cpuSeconds = serverCpu(realm) - cpuBefore;
            stats.add(segment);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private Stats loop(String realm, int thread, long deadline, SignIns signIns) {
        Stats stats = new Stats();
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            Outcome o;
            try {
                o = signIns.signIn(realm, thread);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (o.failure() == null) {
                stats.record(o.nanos());
            } else {
                stats.failures++;
                if (stats.failures <= 3) {
                    System.err.printf("FAILED sign-in to %s (thread %d): %s%n", realm, thread,
                            o.failure().length() > 400 ? o.failure().substring(0, 400) : o.failure());
                }
            }
        }
        return stats;
    }

    /** The CPU seconds so far of the JVMs serving {@code label}; NaN when unknown. */
    private double serverCpu(String label) {
        List<ProcessHandle> jvms = jvmsByLabel.isEmpty() ? serverJvm.stream().toList() : jvmsByLabel.getOrDefault(label, List.of());
        if (jvms.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        try {
            for (ProcessHandle jvm : jvms) {
                sum += Workers.cpuSeconds(jvm);
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The run's settings, for the head of a report. */
    String header(String title, String baseUrl, String extraLoad) {
        StringBuilder b = new StringBuilder();
        b.append(title).append('\n');
        b.append(String.format(Locale.ROOT, "date        %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        b.append(String.format(Locale.ROOT, "server      %s%s%n", baseUrl, jvmsByLabel.isEmpty()
                ? serverJvm.map(h -> " (JVM pid " + h.pid() + ")").orElse("")
                : " " + new java.util.TreeMap<>(jvmsByLabel).entrySet().stream().map(e -> e.getKey() + ": JVM pid "
                        + e.getValue().stream().map(h -> Long.toString(h.pid())).toList()).toList()));
        b.append(String.format(Locale.ROOT, "client JVM  %s %s, %d cores%n", System.getProperty("java.vm.name"),
                System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "load        %d threads, %sX-Forwarded-For %s; warm-up %d s per realm; "
                + "%d rounds x %d s per realm, order flipped each round%n", threads, extraLoad, from, warmupSeconds, rounds, roundSeconds));
        return b.toString();
    }

    /** The table, the round lines, the ratio against {@code target} (NaN: none) and whether the run is valid. */
    static String table(Result r, String base, String tested, String baseLabel, String testedLabel, double target) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "load avg    before %s, after %s%n%n", r.loadBefore(), r.loadAfter()));
        b.append("| realm | sign-ins | failures | seconds | sign-ins/s | mean ms | p50 ms | p90 ms | p99 ms | server CPU ms per sign-in |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (var e : List.of(java.util.Map.entry(base, r.base()), java.util.Map.entry(tested, r.tested()))) {
            Stats s = e.getValue();
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %s |%n", e.getKey(), s.count,
                    s.failures, s.nanos / 1e9, s.perSecond(), s.meanMillis(), s.percentileMillis(50), s.percentileMillis(90),
                    s.percentileMillis(99), Double.isNaN(s.cpuMillisPerSignIn()) ? "n/a"
                            : String.format(Locale.ROOT, "%.1f", s.cpuMillisPerSignIn())));
        }
        b.append('\n');
        r.rounds().forEach(l -> b.append(l).append('\n'));
        b.append('\n');
        double ratio = r.ratio();
        b.append(Double.isNaN(target) ? String.format(Locale.ROOT, "ratio %s/%s (throughput): %.3f%n", testedLabel, baseLabel, ratio)
                : String.format(Locale.ROOT, "ratio %s/%s (throughput): %.3f  (target >= %.2f: %s)%n", testedLabel, baseLabel, ratio,
                        target, ratio >= target ? "met" : "NOT met"));
        b.append(String.format(Locale.ROOT, "p50 difference %s - %s: %+.1f ms%n", testedLabel, baseLabel, r.p50Difference()));
        double cpuRatio = r.tested().cpuMillisPerSignIn() / r.base().cpuMillisPerSignIn();
        if (!Double.isNaN(cpuRatio)) {
            b.append(String.format(Locale.ROOT, "server CPU per sign-in %s/%s: %.3f%n", testedLabel, baseLabel, cpuRatio));
        }
        long warm = r.baseWarm().failures + r.testedWarm().failures;
        b.append(r.failures() == 0 ? "valid run: every sign-in succeeded\n"
                : String.format(Locale.ROOT, "INVALID RUN: %d failed sign-ins (warm-up %d, %s %d, %s %d)%n", r.failures(), warm,
                        baseLabel, r.base().failures, testedLabel, r.tested().failures));
        return b.toString();
    }

    static void write(Path out, String report) throws IOException {
        System.out.println();
        System.out.println(report);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println("Written to " + out.toAbsolutePath());
    }

    static int intProperty(String name, int defaultValue, int min, int max) {
        String v = System.getProperty(name);
        int value = v == null || v.isBlank() ? defaultValue : Integer.parseInt(v.trim());
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    static Path path(String property, String defaultValue) {
        String value = System.getProperty(property, defaultValue);
        if (value == null) {
            throw new IllegalStateException("System property " + property
                    + " missing: run it through ./mvnw -B -q -pl bench exec:java@... (see bench/README.md)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
