package io.github.zerotrust.keycloak.it.demo;

import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The quick start: the real Keycloak 26.7.3 with the bundle, on H2 at http://localhost:8080, with
 * the demo realm imported. Ctrl-C stops it. Run through {@code ./run-demo.sh}.
 */
public final class DemoServer {

    private static final int PORT = 8080;
    private static final String REALM = "zero-trust-demo";

    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dist = path("zt.keycloak.dist");
        Path work = path("zt.keycloak.work");
        Path bundle = path("zt.bundle");
        Path geo = path("zt.geo.db");
        Path realm = path("zt.demo.realm");
        requireFreePort();

        System.out.println("Preparing Keycloak 26.7.3 in " + work.resolve("home") + " (first run: ~1 minute) ...");
        Path home = KeycloakHome.prepare(dist, work.resolve("home"), List.of(bundle));
        ServerOptions options = ServerOptions.h2(home)
                .withHttpPort(PORT)
                .asNode("demo", 0)
                .withOption("spi-zt-geo-locator--mmdb--database", geo.toString());
        KeycloakServer server = new KeycloakServer(options, work.resolve("logs"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Keycloak ...");
            server.stop();
            stopped.countDown();
        }, "demo-stop"));

        server.start();
        server.admin().createRealm(Json.parse(Files.readString(realm)));
        System.out.println(banner(server));
        stopped.await();
    }

    private static String banner(KeycloakServer server) {
        String base = server.baseUrl();
        String token = base + "/realms/" + REALM + "/protocol/openid-connect/token";
        String grant = "curl -s " + token + " -d grant_type=password -d client_id=demo-app -d client_secret=demo-app-secret"
                + " -d username=alice -d password=alice";
        return """

                ==================================================================================
                 Keycloak Zero Trust demo is running (Keycloak 26.7.3, H2, log: %s)

                 Admin console   %s/admin/master/console/#/%s    (admin / admin)
                 Sign in as staff %s/realms/%s/account     (alice / alice, bob / bob)

                 Try:
                  1. Sign in as alice in the account console: you are in the "office" zone (this
                     machine), so no extra step. Events > User events shows zt_country, zt_zones
                     and the risk score (zt_risk_score, zt_risk_level, zt_risk_reasons).
                  2. Sign in from North Korea, as seen through the reverse proxy (X-Forwarded-For):
                       %s -H 'X-Forwarded-For: 198.51.100.7'
                     -> {"error":"access_denied", ...}, with the rule and reason in the events.
                  3. From a hosting provider's network:  ... -H 'X-Forwarded-For: 198.18.0.20'
                  4. Impossible travel: sign in from London (... -H 'X-Forwarded-For: 192.0.2.10'),
                     then at once from Sydney (... -H 'X-Forwarded-For: 203.0.113.5'): refused as
                     high risk (new-country, impossible-travel).
                  5. Ask first, as an admin (see README): POST %s/admin/realms/%s/zero-trust/what-if
                     {"user": "alice", "address": "203.0.113.5"}, or GET .../zero-trust/locate?address=...
                  6. Remove 127.0.0.0/8 from the "office" zone (PUT .../zero-trust/zones/office, README)
                     and sign in again in the browser: you are asked for a one-time code.
                 The demo GeoIP database places a few documentation ranges: demo/GEO-DATABASE.md.
                 Ctrl-C stops Keycloak.
                ==================================================================================
                """.formatted(server.logFile(), base, REALM, base, REALM, grant, base, REALM);
    }

    private static void requireFreePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(PORT));
        } catch (IOException e) {
            System.err.println("Port " + PORT + " is in use: stop whatever listens there (another Keycloak?) and run again.");
            System.exit(2);
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("Run the demo with ./run-demo.sh (system property " + property + " missing)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
