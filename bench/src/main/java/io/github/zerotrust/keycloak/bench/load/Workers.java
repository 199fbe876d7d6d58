package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the load drivers share: their client threads ({@code count} jobs on a fixed pool, the first failure failing
 * the run), one JSON mapper and one HTTP client set-up, the token requests, the realm of users they sign in, and the
 * readings of the machine (the server's CPU time, the load average).
 */
final class Workers {

    /** The harness's one mapper: the drivers read and write what the tests do. */
    static final ObjectMapper JSON = Json.MAPPER;

    /** HTTP/1.1 (as a browser or an app talks to Keycloak), 5 s to connect. */
    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    interface Job {
        void run(int i) throws Exception;
    }

    private Workers() {
    }

    static void parallel(int threads, int count, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    job.run(n);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A form POST ({@code application/x-www-form-urlencoded}: a token request), answered within 30 s. */
    static HttpResponse<String> postForm(HttpClient http, String url, Map<String, String> form) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A realm the drivers sign users into: no TLS, sessions of 10 hours, passwords hashed with one PBKDF2 iteration
     * (the drivers measure what happens to sessions, not the sign-ins that make them), one confidential client with
     * direct access grants, and these users, each with the address {@code <name>@example.test} (verified), the
     * {@code offline_access} role and the same password.
     */
    static ObjectNode realm(String name, String clientId, String secret, String password, List<String> usernames) {
        ObjectNode realm = JSON.createObjectNode();
        realm.put("realm", name);
        realm.put("enabled", true);
        realm.put("sslRequired", "none");
        realm.put("passwordPolicy", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        realm.put("ssoSessionMaxLifespan", 36000);
        ObjectNode client = realm.putArray("clients").addObject();
        client.put("clientId", clientId);
        client.put("secret", secret);
        client.put("publicClient", false);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        ArrayNode list = realm.putArray("users");
        for (String username : usernames) {
            ObjectNode u = list.addObject();
            u.put("username", username);
            u.put("enabled", true);
            u.put("email", username + "@example.test");
            u.put("emailVerified", true);
            u.put("firstName", "Bench");
            u.put("lastName", "User");
            // Imported users get no default roles: offline tokens need this one.
            u.putArray("realmRoles").add("offline_access");
            ObjectNode c = u.putArray("credentials").addObject();
            c.put("type", "password");
            c.put("value", password);
            c.put("temporary", false);
        }
        return realm;
    }

    /**
     * The Keycloak JVM this driver started whose command line names {@code home} (kc.sh runs it as its child): the
     * process whose CPU time is the server's.
     */
    static Optional<ProcessHandle> keycloakJvm(Path home) {
        String homeDir = home.toAbsolutePath().normalize().toString();
        return ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(h -> h.info().commandLine().map(c -> c.contains(homeDir)).orElse(false))
                .findFirst();
    }

    /** User plus system CPU seconds the process has used so far, from {@code /proc/<pid>/stat} (Linux; 100 ticks/s). */
    static double cpuSeconds(ProcessHandle process) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
        return ticks / 100.0;
    }

    /** The 1, 5 and 15 minute load averages, as the kernel prints them. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The {@code p}-th percentile of sorted values (nearest rank); -1 for none. */
    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
