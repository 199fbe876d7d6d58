package io.github.zerotrust.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's nginx on loopback in front of two Keycloak nodes, running {@code docker/keycloak-proxy.conf.template} — the
 * file {@code docker/compose.yaml} gives the official nginx image — with its placeholders filled in as the image
 * does. The main configuration around it only says where nginx keeps its own files. The tests and the cluster
 * benchmark start it the same way.
 */
public final class Nginx implements AutoCloseable {

    /** The proxy's configuration, in {@code docker/}. */
    public static final String TEMPLATE = "keycloak-proxy.conf.template";
    /** What the template leaves to its environment. */
    public static final Set<String> PLACEHOLDERS = Set.of("KEYCLOAK_NODE_A", "KEYCLOAK_NODE_B", "NGINX_LISTEN");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Starts nginx in front of {@code a} and {@code b} and waits until it listens.
     *
     * @param binary    Debian's nginx binary
     * @param dockerDir the project's {@code docker/} directory, which holds {@link #TEMPLATE}
     * @param work      where its files go (a directory {@code nginx} under it)
     */
    public static Nginx inFrontOf(KeycloakServer a, KeycloakServer b, Path binary, Path dockerDir, Path work) {
        int port = FreePorts.next();
        Path dir = work.resolve("nginx");
        try {
            Files.createDirectories(dir.resolve("temp"));
            String site = render(Files.readString(dockerDir.resolve(TEMPLATE)), Map.of(
                    "KEYCLOAK_NODE_A", hostPort(a), "KEYCLOAK_NODE_B", hostPort(b), "NGINX_LISTEN", "127.0.0.1:" + port));
            Files.writeString(dir.resolve("keycloak.conf"), site);
            Path temp = dir.resolve("temp");
            // One process, in the foreground, as the user running the tests: nothing to switch to, nothing left behind.
            Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                    "daemon off;",
                    "master_process off;",
                    "pid " + dir.resolve("nginx.pid") + ";",
                    "error_log " + dir.resolve("error.log") + " warn;",
                    "events { worker_connections 256; }",
                    "http {",
                    "    client_body_temp_path " + temp.resolve("body") + ";",
                    "    proxy_temp_path " + temp.resolve("proxy") + ";",
                    "    fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
                    "    uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
                    "    scgi_temp_path " + temp.resolve("scgi") + ";",
                    "    include " + dir.resolve("keycloak.conf") + ";",
                    "}", ""));
            Process process = new ProcessBuilder(List.of(binary.toString(), "-p", dir.toString(), "-c",
                    dir.resolve("nginx.conf").toString(), "-e", dir.resolve("error.log").toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            Nginx nginx = new Nginx(process, port, dir);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start nginx in " + dir, e);
        }
    }

    /** Fills in every placeholder, as the official image's entrypoint does; a placeholder left unfilled is an error. */
    public static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(TEMPLATE + " needs ${" + m.group(1) + "}, which nothing gives");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String hostPort(KeycloakServer node) {
        return "127.0.0.1:" + node.httpPort();
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("nginx.out")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within 20 s; see " + dir);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The proxy's base URL, as a browser in front of it would use. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
