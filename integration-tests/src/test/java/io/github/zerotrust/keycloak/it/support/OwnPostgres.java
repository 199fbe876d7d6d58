package io.github.zerotrust.keycloak.it.support;

import io.github.zerotrust.keycloak.it.harness.FreePorts;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own, for tests that stop and start the database: {@code initdb} into a folder under
 * {@code target/}, then {@code pg_ctl} on a free port on loopback (its socket in that folder too), so the database that
 * other runs and the other cluster tests share is never touched. The binaries are Debian's newest
 * ({@code /usr/lib/postgresql/<version>/bin}, as {@code postgres.sh} finds them; {@code run-tests.sh} installs them).
 * PostgreSQL refuses to run as root, so as root the commands run as the {@code postgres} user, which owns the folder.
 */
public final class OwnPostgres implements AutoCloseable {

    public static final String USER = "zt_it";
    public static final String PASSWORD = "zt_it";
    public static final String DATABASE = "zt_outage";
    private static final Path VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    private OwnPostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** A fresh cluster in {@code dir} (anything there before is removed), started, with the database {@value #DATABASE}. */
    public static OwnPostgres start(Path dir) {
        OwnPostgres pg = new OwnPostgres(binaries(), dir, FreePorts.next());
        pg.init();
        pg.start();
        pg.run(List.of(pg.bin.resolve("createdb").toString(), "-h", dir.toString(), "-p", Integer.toString(pg.port), "-U", USER,
                DATABASE));
        return pg;
    }

    /** How Keycloak reaches it. */
    public ServerOptions.Database database() {
        return new ServerOptions.Database.Postgres("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, USER, PASSWORD);
    }

    /** Starts the server on its port and waits until it accepts connections. */
    public void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "60", "start"));
        running = true;
    }

    /** Stops the server as an operator's restart does ({@code -m fast}: open connections are closed, their transactions rolled back). */
    public void stop() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
        running = false;
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    private void init() {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Path password = dir.resolve("password");
            Files.writeString(password, PASSWORD + "\n", StandardCharsets.UTF_8);
            if (asRoot()) {
                ownedByPostgres(dir);
                ownedByPostgres(password);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + password,
                    "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync", "--no-instructions"));
            Files.writeString(data.resolve("postgresql.conf"), "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\n"
                    + "unix_socket_directories = '" + dir + "'\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare PostgreSQL in " + dir, e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ownedByPostgres(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres = users.lookupPrincipalByName("postgres");
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(postgres);
        view.setGroup(group);
    }

    private static Path binaries() {
        try (Stream<Path> versions = Files.list(VERSIONS)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL binaries in " + VERSIONS
                            + ": run integration-tests/postgres.sh (it installs Debian's postgresql)"));
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL in " + VERSIONS + ": run integration-tests/postgres.sh", e);
        }
    }

    /** Runs a PostgreSQL tool (as {@code postgres} when this JVM is root); its output goes to the folder's tool log. */
    private void run(List<String> command) {
        List<String> cmd = new ArrayList<>();
        if (asRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Path log = dir.resolve("tools.log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("PostgreSQL tool did not finish within 90 s: " + cmd + ", see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("PostgreSQL tool failed (" + p.exitValue() + "): " + cmd + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
