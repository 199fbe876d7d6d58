package io.github.zerotrust.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One real Keycloak node: the distribution started as a child process in production mode
 * ({@code kc.sh build} once, then {@code start --optimized}), on free ports, ready when its health
 * endpoint says so, its output in a log file, stopped cleanly with nothing left behind.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ServerOptions options;
    private final Path logDir;
    private final int httpPort;
    private final int managementPort;
    private final int clusterPort;
    private Process process;
    private Path logFile;
    private int starts;
    private AdminApi admin;

    public KeycloakServer(ServerOptions options, Path logDir) {
        this.options = options;
        this.logDir = logDir;
        this.httpPort = options.httpPort() == 0 ? FreePorts.next() : options.httpPort();
        this.managementPort = FreePorts.next();
        this.clusterPort = options.clusterPort() == 0 ? FreePorts.next() : options.clusterPort();
    }

    /** Builds if the build-time options or providers changed, wipes H2 data, starts and waits until ready. */
    public KeycloakServer start() {
        KeycloakHome.build(options.home(), options.buildArguments());
        if (options.database() instanceof ServerOptions.Database.H2) {
            KeycloakHome.wipeData(options.home());
        }
        launch();
        return this;
    }

    /** Stops and starts again on the same ports and data: what a node restart looks like. */
    public KeycloakServer restart() {
        stop();
        launch();
        return this;
    }

    private void launch() {
        spawn(starts > 0 ? "-" + (starts + 1) : "");
        awaitReady();
    }

    /** Starts {@code kc.sh} with its output in a fresh log file named after the node. */
    private void spawn(String logSuffix) {
        try {
            Files.createDirectories(logDir);
            starts++;
            logFile = logDir.resolve("keycloak-" + options.nodeName() + logSuffix + ".log");
            Files.deleteIfExists(logFile);
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(options.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = builder.environment();
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.putAll(options.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Keycloak in " + options.home(), e);
        }
    }

    /**
     * The file vault's folder: a secret {@code ${vault.<key>}} of realm {@code <realm>} is the file
     * {@code <realm>_<key>} in it (underscores in either doubled), read at each use.
     */
    public Path vaultDir() {
        Path dir = options.home().resolve("vault");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Stores {@code value} as the vault secret {@code key} of {@code realm}. */
    public void putVaultSecret(String realm, String key, String value) {
        try {
            Files.writeString(vaultDir().resolve(realm.replace("_", "__") + "_" + key.replace("_", "__")), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code start} is run with: {@code kc.sh start --optimized --key=value...} (the deployment files are checked against it). */
    public List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(options.home().resolve("bin/kc.sh").toString(), "start", "--optimized"));
        Map<String, String> args = new HashMap<>();
        args.put("http-enabled", "true");
        args.put("http-port", Integer.toString(httpPort));
        args.put("http-management-port", Integer.toString(managementPort));
        args.put("hostname-strict", "false");
        options.hostname().ifPresent(h -> args.put("hostname", h));
        // Keycloak resolves the client address from X-Forwarded-For only when the request comes
        // from these addresses; tests and the demo speak as the reverse proxy from loopback.
        args.put("proxy-headers", "xforwarded");
        args.put("proxy-trusted-addresses", "127.0.0.1/32,::1/128");
        // The tests' own receivers (webhooks, MDM, ticketing) listen on loopback over plain http; nothing else is
        // allowed, so a test that points a URL elsewhere sees the operator's rule refuse it.
        args.put("spi-zt-outbound--default--allowed-hosts", "localhost,127.0.0.1");
        args.put("spi-zt-outbound--default--allowed-ranges", "127.0.0.0/8,::1/128");
        args.put("spi-zt-outbound--default--allow-http", "true");
        if (options.hasVault()) {
            args.put("vault-dir", vaultDir().toString());
        }
        args.put("cache-embedded-network-bind-address", "127.0.0.1");
        args.put("cache-embedded-network-bind-port", Integer.toString(clusterPort));
        if (options.database() instanceof ServerOptions.Database.Postgres pg) {
            args.put("db-url", pg.url());
            args.put("db-username", pg.user());
            args.put("db-password", pg.password());
        }
        args.putAll(options.runtimeOptions());
        args.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        return cmd;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI health = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready. Log: " + logFile + "\n" + tail(40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            sleep(250);
        }
        stop();
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s. Log: " + logFile);
    }

    /** Waits for a start that is expected to fail; returns the exit code. */
    public int startExpectingFailure(Duration timeout) {
        KeycloakHome.build(options.home(), options.buildArguments());
        spawn("-failing-" + (starts + 1));
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                stop();
                throw new IllegalStateException("Keycloak did not exit within " + timeout + ". Log: " + logFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGKILL to the JVM and to {@code kc.sh}: a node that crashes, with no shutdown hook, no cluster leave and no
     * transaction finished. {@link #restart()} starts it again on the same ports and data.
     */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** SIGTERM (kc.sh forwards it to the JVM), then force, then any process left below it. */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                child.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                        .exceptionally(t -> { child.destroyForcibly(); return child; }).join();
            }
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The base URL a browser uses: "localhost" is a secure context, which WebAuthn needs. */
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public Path logFile() {
        return logFile;
    }

    public ServerOptions options() {
        return options;
    }

    public synchronized AdminApi admin() {
        if (admin == null) {
            admin = new AdminApi(baseUrl());
        }
        return admin;
    }

    /**
     * A thread dump of the node's JVM (Keycloak's java process below {@code kc.sh}) appended to its log, for a
     * test that failed waiting on background work; returns where it went.
     */
    public Path threadDump() {
        Process p = process;
        if (p == null) {
            return logFile;
        }
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<ProcessHandle> jvms = new ArrayList<>(p.descendants().filter(h -> h.info().command()
                .map(c -> c.endsWith("/java")).orElse(false)).toList());
        for (ProcessHandle jvm : jvms) {
            try {
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
                dump.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                return logFile;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return logFile;
            }
        }
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Everything the node logged so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
