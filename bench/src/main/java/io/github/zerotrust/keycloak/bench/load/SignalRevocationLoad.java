package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How fast signals end sessions, against the real Keycloak server (H2, one node) with the bundle deployed:
 * <ol>
 *   <li><b>one user, many sessions</b>: {@code zt.bench.sessions} sessions of one user (password grants), then one
 *   containment call; measured: the call (every session, online and offline, ended inside it), and then checked that
 *   Keycloak lists no session and that sampled refresh tokens are refused;</li>
 *   <li><b>signal to refusal</b>: {@code zt.bench.signals} users with one session each; for each, an admin password
 *   reset (a critical event Keycloak itself does not act on) and then the user's refresh token is tried until it is
 *   refused; measured per user from the start of the reset call to the refusal.</li>
 * </ol>
 * The realm hashes passwords with one PBKDF2 iteration: the bench measures revocation, not the sign-ins that make
 * the sessions. System properties: {@code zt.bench.sessions} [1000], {@code zt.bench.signals} [200],
 * {@code zt.bench.threads} [8]; paths from {@code bench/pom.xml}.
 */
public final class SignalRevocationLoad {

    static final String REALM = "bench-signals";
    static final String CLIENT = "bench-app";
    static final String SECRET = "bench-secret";
    private static final ObjectMapper JSON = Workers.JSON;

    private final String baseUrl;
    private final AdminApi admin;
    private final int sessions = Integer.getInteger("zt.bench.sessions", 1000);
    private final int signals = Integer.getInteger("zt.bench.signals", 200);
    private final int threads = Integer.getInteger("zt.bench.threads", 8);
    private final HttpClient http = Workers.http();

    SignalRevocationLoad(KeycloakServer server) {
        this.baseUrl = server.baseUrl();
        this.admin = server.admin();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("zt.bench.out", "bench/target/signal-revocation.txt"));
        Path work = Path.of(System.getProperty("zt.bench.work", "bench/target/keycloak-signals"));
        Path home = KeycloakHome.prepare(Path.of(System.getProperty("zt.keycloak.dist")), work.resolve("home"),
                List.of(Path.of(System.getProperty("zt.bundle"))));
        KeycloakServer server = new KeycloakServer(ServerOptions.h2(home), work.resolve("logs"));
        Thread hook = new Thread(server::stop, "signal-revocation-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            System.out.println("Starting Keycloak 26.7.3 in " + home + " ...");
            server.start();
            String report = new SignalRevocationLoad(server).run();
            System.out.println(report);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, report);
        } finally {
            server.stop();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    String run() throws Exception {
        admin.deleteRealm(REALM);
        admin.createRealm(realm());
        StringBuilder report = new StringBuilder(String.format("Signals on Keycloak 26.7.3 (H2, one node, %d cores), %s%n",
                Runtime.getRuntime().availableProcessors(), Instant.now()));
        report.append(oneUserManySessions());
        report.append(signalToRefusal());
        return report.toString();
    }

    private String oneUserManySessions() throws Exception {
        String user = "many";
        String userId = userId(user);
        System.out.printf("Signing %s in %d times (half of them with offline tokens) ...%n", user, sessions);
        List<String> refreshTokens = Collections.synchronizedList(new ArrayList<>());
        parallel(sessions, i -> refreshTokens.add(signIn(user, i % 2 == 0 ? "openid" : "openid offline_access")));
        int online = admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions").expect(200).json().size();
        System.out.printf("%d online sessions listed; containing the user ...%n", online);
        Instant start = Instant.now();
        HttpResult contained = admin.post("/admin/realms/" + REALM + "/zero-trust/contain/users/" + userId,
                Map.of("resetPassword", false, "reRegisterFactors", false));
        Duration call = Duration.between(start, Instant.now());
        if (contained.status() != 200) {
            throw new IllegalStateException("Containment: " + contained);
        }
        JsonNode outcome = contained.json();
        int left = admin.get("/admin/realms/" + REALM + "/users/" + userId + "/sessions").expect(200).json().size();
        int refused = 0;
        List<String> sample = refreshTokens.subList(0, Math.min(50, refreshTokens.size()));
        for (String token : sample) {
            if (refresh(token) != 200) {
                refused++;
            }
        }
        if (left != 0 || refused != sample.size()) {
            throw new IllegalStateException("After containment: " + left + " sessions left, " + refused + "/" + sample.size()
                    + " sampled refresh tokens refused");
        }
        return String.format("""
                one user, %d sign-ins (%d online sessions listed before): containment call %d ms; it ended %d online and %d offline sessions;
                  after it: 0 sessions listed, %d/%d sampled refresh tokens (online and offline) refused
                """, sessions, online, call.toMillis(), outcome.path("sessionsEnded").asInt(),
                outcome.path("offlineSessionsEnded").asInt(), refused, sample.size());
    }

    private String signalToRefusal() throws Exception {
        System.out.printf("%d users with one session each; an admin password reset for each, then refresh until refused ...%n",
                signals);
        List<String> tokens = Collections.synchronizedList(new ArrayList<>(Collections.nCopies(signals, (String) null)));
        parallel(signals, i -> tokens.set(i, signIn(user(i), "openid")));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < signals; i++) {
            String id = userId(user(i));
            Instant start = Instant.now();
            admin.put("/admin/realms/" + REALM + "/users/" + id + "/reset-password",
                    Map.of("type", "password", "value", "new-password-" + i, "temporary", false)).expect(204);
            while (refresh(tokens.get(i)) == 200) {
                if (Duration.between(start, Instant.now()).toSeconds() > 30) {
                    throw new IllegalStateException("Refresh still works 30 s after the reset of " + user(i));
                }
                Thread.sleep(10);
            }
            latencies.add(Duration.between(start, Instant.now()).toMillis());
        }
        Collections.sort(latencies);
        return String.format("""
                signal to refusal, %d users, one after another: admin password reset -> refresh refused: p50 %d ms, p99 %d ms, max %d ms
                """, signals, percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1));
    }

    private void parallel(int count, Workers.Job job) throws Exception {
        Workers.parallel(threads, count, job);
    }

    static long percentile(List<Long> sorted, int p) {
        return Workers.percentile(sorted, p);
    }

    private static String user(int i) {
        return String.format("signal-%04d", i);
    }

    private String userId(String username) {
        return admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).expect(200).json().get(0)
                .path("id").asText();
    }

    private JsonNode realm() {
        List<String> names = new ArrayList<>(List.of("many"));
        for (int i = 0; i < signals; i++) {
            names.add(user(i));
        }
        return Workers.realm(REALM, CLIENT, SECRET, "bench-password", names);
    }

    private String signIn(String username, String scope) throws Exception {
        HttpResponse<String> response = post(Map.of("grant_type", "password", "client_id", CLIENT, "client_secret", SECRET,
                "username", username, "password", "bench-password", "scope", scope));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Sign-in of " + username + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("refresh_token").asText();
    }

    private int refresh(String refreshToken) throws Exception {
        return post(Map.of("grant_type", "refresh_token", "client_id", CLIENT, "client_secret", SECRET,
                "refresh_token", refreshToken)).statusCode();
    }

    private HttpResponse<String> post(Map<String, String> form) throws Exception {
        return Workers.postForm(http, baseUrl + "/realms/" + REALM + "/protocol/openid-connect/token", form);
    }
}
