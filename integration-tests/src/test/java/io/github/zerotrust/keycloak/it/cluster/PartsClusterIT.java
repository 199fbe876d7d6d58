package io.github.zerotrust.keycloak.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeviceRemediationPage;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each part's state on the two-node PostgreSQL cluster: a change made through node A holds on node B at once (no
 * wait: the suite keeps nothing a node would have to be told about), and counts made on both nodes are one count.
 */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartsClusterIT {

    static final String REALM = "it-parts-cluster";
    static final String OUTSIDE = "198.51.100.7";
    static final String LONDON = "192.0.2.10";
    /** Wrong passwords per burst, half on each node; also the threshold, so one count lost on either node shows. */
    static final int BURST = 12;
    static final String AGENT_SECRET = "parts-agent-secret";
    /** The bound for a posture pushed through one node to hold on the other. */
    static final Duration POSTURE_BOUND = Duration.ofSeconds(2);

    KeycloakServer nodeA;
    KeycloakServer nodeB;
    AppServer app;
    Browser browser;

    @BeforeAll
    void createRealm(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        AdminApi admin = nodeA.admin();
        admin.deleteRealm(REALM);
        app = AppServer.start();
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("kim", "kim-password")
                .user("lee", "lee-password")
                .user("glass", "glass-password")
                .user("dana", "dana-password")
                .client("desk-app", List.of(app.callback()))
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                // The cookie stands for the laptop (the realm's explicit choice, as in DeviceComplianceIT): this test is
                // about where the registry's verdict holds, not how a device proves itself (DeviceTrustAttacksIT).
                .attribute("zt.device.registry.trust-cookie", "true")
                .browserFlow(Flow.topLevel("parts device browser")
                        .required(Flow.standardSignIn("parts device browser"))
                        .required("zt-device-posture", "parts-check-device", Map.of("sources", "registry"))
                        .conditional(Flow.sub("parts device not compliant")
                                .required("zt-condition-device-compliant", "parts-device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .passwordGrantClient("office-app")
                .passwordGrantClient("risk-app")
                .passwordGrantClient("locked-app")
                .flow(Flow.topLevel("office only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("office only outside")
                                .required("zt-condition-network-zone", "outside-office", Map.of("zones", "office", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-office", Map.of())))
                // The realm's own direct-grant flow: failure counting and What-If take their settings from it.
                .directGrantFlow(Flow.topLevel("assessed")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of(
                                "zt.risk.unusual-hour.mode", "off",
                                "zt.risk.failure-velocity.user-threshold", Integer.toString(BURST),
                                "zt.risk.failure-velocity.address-threshold", Integer.toString(BURST),
                                "zt.risk.failure-velocity.window-minutes", "60")))
                .passwordGrantClient("lab-app")
                .flow(Flow.topLevel("lab only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("lab only outside")
                                .required("zt-condition-network-zone", "outside-lab", Map.of("zones", "lab", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-lab", Map.of())))
                .flow(Flow.topLevel("locked")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-deny-access", "deny-everyone", Map.of()))
                .build();
        // The device agent's service account, the only caller that may report postures.
        realm.putObject("roles").putArray("realm").addObject().put("name", "zt-device-reporter");
        ((ArrayNode) realm.get("clients")).addObject().put("clientId", "parts-agent").put("enabled", true)
                .put("publicClient", false).put("secret", AGENT_SECRET).put("standardFlowEnabled", false)
                .put("serviceAccountsEnabled", true);
        ObjectNode account = ((ArrayNode) realm.get("users")).addObject();
        account.put("username", "service-account-parts-agent").put("enabled", true).put("serviceAccountClientId", "parts-agent");
        account.putArray("realmRoles").add("zt-device-reporter");
        admin.createRealm(realm);
        admin.bindDirectGrantFlow(REALM, "office-app", "office only");
        admin.bindDirectGrantFlow(REALM, "locked-app", "locked");
        admin.bindDirectGrantFlow(REALM, "lab-app", "lab only");
    }

    @AfterAll
    void dropRealm() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
        }
    }

    HttpResult signIn(KeycloakServer node, String client, String user, String password, String from) {
        return Oidc.passwordGrant(node, REALM, client, user, password, from);
    }

    String userId(String username) {
        return nodeA.admin().get("/admin/realms/" + REALM + "/users?username=" + username + "&exact=true").expect(200).json()
                .get(0).path("id").asText();
    }

    @Test
    void zonesAZoneChangedThroughNodeAHoldsForSignInsOnNodeBAtOnce() {
        String zone = "/admin/realms/" + REALM + "/zero-trust/zones/office";
        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32"), "trusted", true)).expect(201);
        assertThat(signIn(nodeB, "office-app", "kim", "kim-password", OUTSIDE).status())
                .as("node B: outside the office").isEqualTo(400);

        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32", "198.51.100.0/24"), "trusted", true)).expect(200);
        assertThat(signIn(nodeB, "office-app", "kim", "kim-password", OUTSIDE).status())
                .as("node B, right after the zone grew on node A").isEqualTo(200);

        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32"), "trusted", true)).expect(200);
        assertThat(signIn(nodeB, "office-app", "kim", "kim-password", OUTSIDE).status())
                .as("node B, right after the zone shrank on node A").isEqualTo(400);
    }

    @Test
    void riskFailedPasswordsSplitAcrossBothNodesCountAsOneBurst() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(BURST);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                KeycloakServer node = i % 2 == 0 ? nodeA : nodeB;
                answers.add(pool.submit(() -> {
                    start.await();
                    return signIn(node, "risk-app", "lee", "wrong-password", LONDON).status();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(2, TimeUnit.MINUTES)).as("a wrong password is refused").isEqualTo(400);
            }
        } finally {
            pool.shutdownNow();
        }
        for (KeycloakServer node : List.of(nodeA, nodeB)) {
            JsonNode answer = node.admin().post("/admin/realms/" + REALM + "/zero-trust/what-if",
                    Map.of("user", "lee", "address", LONDON, "client", "risk-app")).expect(200).json();
            List<String> velocity = new ArrayList<>();
            answer.path("risk").path("reasons").forEach(r -> {
                if ("failure-velocity".equals(r.path("signal").asText())) {
                    velocity.add(r.path("detail").asText());
                }
            });
            assertThat(velocity).as("What-If on %s counts the failures of both nodes", node.options().nodeName())
                    .containsExactly(BURST + " failed attempts for the account in 60 min");
        }
    }

    @Test
    void breakGlassAMarkMadeThroughNodeAExemptsTheAccountOnNodeBAtOnceAndAnUnmarkEndsIt() {
        String glass = userId("glass");
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status()).as("not yet marked").isEqualTo(400);

        nodeA.admin().put("/admin/realms/" + REALM + "/zero-trust/break-glass/" + glass, Map.of()).expect(200);
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status())
                .as("node B, right after the mark on node A").isEqualTo(200);
        assertThat(signIn(nodeB, "locked-app", "kim", "kim-password", LONDON).status()).as("others still refused").isEqualTo(400);

        nodeA.admin().delete("/admin/realms/" + REALM + "/zero-trust/break-glass/" + glass).expect(200);
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status())
                .as("node B, right after the unmark on node A").isEqualTo(400);
    }

    HttpResult refresh(KeycloakServer node, String client, String refreshToken) {
        return Http.postForm(Oidc.tokenUrl(node, REALM), Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", client, "client_secret", RealmBuilder.CLIENT_SECRET), Map.of());
    }

    @Test
    void aNodeRestartedPicksUpWhereItWasAndTheOtherServesMeanwhile() {
        String zone = "/admin/realms/" + REALM + "/zero-trust/zones/lab";
        nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32"), "trusted", true)).expect(201);
        String onA = signIn(nodeA, "lab-app", "kim", "kim-password", LONDON).expect(200).json().path("refresh_token").asText();
        String onB = signIn(nodeB, "lab-app", "kim", "kim-password", LONDON).expect(200).json().path("refresh_token").asText();
        assertThat(signIn(nodeB, "lab-app", "kim", "kim-password", OUTSIDE).status()).as("node B: outside the lab").isEqualTo(400);
        String glass = userId("glass");

        nodeB.stop();
        try {
            assertThat(refresh(nodeA, "lab-app", onA).status()).as("node A's session refreshes while node B is down").isEqualTo(200);
            nodeA.admin().put(zone, Map.of("ranges", List.of(LONDON + "/32", "198.51.100.0/24"), "trusted", true)).expect(200);
            nodeA.admin().put("/admin/realms/" + REALM + "/zero-trust/break-glass/" + glass, Map.of()).expect(200);
        } finally {
            nodeB.restart();
        }
        try {
            assertThat(refresh(nodeB, "lab-app", onB).status()).as("node B's own session, after its restart").isEqualTo(200);
            assertThat(signIn(nodeB, "lab-app", "kim", "kim-password", OUTSIDE).status())
                    .as("node B, restarted: the zone grown while it was down").isEqualTo(200);
            assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status())
                    .as("node B, restarted: the break-glass mark made while it was down").isEqualTo(200);
            assertThat(refresh(nodeA, "lab-app", onA).status()).as("node A's session, after node B rejoined").isEqualTo(200);
        } finally {
            nodeA.admin().delete("/admin/realms/" + REALM + "/zero-trust/break-glass/" + glass).expect(200);
        }
        assertThat(signIn(nodeB, "locked-app", "glass", "glass-password", LONDON).status())
                .as("node B, restarted: the unmark made through node A").isEqualTo(400);
    }

    /** A browser sign-in of dana on {@code node} (a fresh password each time, her laptop's cookie kept). */
    void browserSignIn(KeycloakServer node) {
        browser.from(LONDON).open(Oidc.authorizationUrl(node, REALM, "desk-app", app.callback()) + "&prompt=login");
        new LoginPage(browser).signIn("dana", "dana-password");
    }

    /** The laptop's agent reports through {@code node}, with a token that node issued. */
    HttpResult report(KeycloakServer node, String device, boolean diskEncrypted) {
        String token = Http.postForm(Oidc.tokenUrl(node, REALM), Map.of("grant_type", "client_credentials", "client_id",
                "parts-agent", "client_secret", AGENT_SECRET), Map.of()).expect(200).json().path("access_token").asText();
        String posture = Json.write(Map.of("device_id", device, "platform", "macos", "os_version", "14.5",
                "disk_encrypted", diskEncrypted, "firewall", true, "screen_lock", true, "threat", "clear", "managed", true,
                "reported_at", Instant.now().minusSeconds(60).toString()));
        return Http.sendJson("POST", node.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/devices/" + device + "/posture",
                posture, Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void postureReportedThroughOneNodeIsEnforcedOnTheOther() {
        browser = Browser.start();
        browserSignIn(nodeA);
        assertThat(new DeviceRemediationPage(browser).isShown()).as("node A: the laptop is not known yet").isTrue();
        JsonNode devices = nodeA.admin().get("/admin/realms/" + REALM + "/zero-trust/devices?user=dana").expect(200).json();
        assertThat(devices).as("node A recorded the laptop").hasSize(1);
        String laptop = devices.get(0).path("id").asText();

        assertThat(report(nodeB, laptop, true).expect(200).json().path("status").asText()).isEqualTo("compliant");
        browserSignIn(nodeA);
        assertThat(new AppPage(browser).isShown()).as("node A, after a compliant report through node B").isTrue();

        HttpResult regression = report(nodeB, laptop, false).expect(200);
        Instant reported = Instant.now();
        assertThat(regression.json().path("status").asText()).isEqualTo("non_compliant");
        // Polled with a bound: each try is a whole browser sign-in on node A, started within the bound of the report.
        boolean refused = false;
        int tries = 0;
        Duration delay = Duration.ZERO;
        while (!refused) {
            Instant tried = Instant.now();
            if (tries > 0 && Duration.between(reported, tried).compareTo(POSTURE_BOUND) > 0) {
                break;
            }
            tries++;
            browserSignIn(nodeA);
            refused = new DeviceRemediationPage(browser).isShown();
            delay = Duration.between(reported, tried);
        }
        System.out.printf("PartsClusterIT: the regression reported through %s refused the sign-in on %s %d ms after the"
                + " report was answered (try %d)%n", nodeB.options().nodeName(), nodeA.options().nodeName(), delay.toMillis(), tries);
        assertThat(refused).as("a sign-in on node A started within %d ms of the regression reported through node B is refused",
                POSTURE_BOUND.toMillis()).isTrue();
        assertThat(new DeviceRemediationPage(browser).checks()).as("node A names the regression").containsExactly("disk-encryption");
    }

    @Test
    void postureTheMdmReportsThroughOneNodeReplacesTheOtherNodesCachedAnswer() throws IOException {
        String realm = "it-parts-mdm";
        AtomicReference<String> compliance = new AtomicReference<>("compliant");
        AtomicInteger calls = new AtomicInteger();
        Instant synced = Instant.now().minusSeconds(600);
        HttpServer mdm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdm.createContext("/v1.0/deviceManagement/managedDevices/", exchange -> {
            calls.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            // Graph's managedDevice of alice's laptop; one answer per compliance state (the same bytes each time).
            byte[] body = Json.write(Map.of("id", path.substring(path.lastIndexOf('/') + 1), "operatingSystem", "macOS",
                    "osVersion", "14.5", "complianceState", compliance.get(), "managementAgent", "mdm",
                    "userPrincipalName", "alice@example.test", "isEncrypted", true, "jailBroken", "False",
                    "partnerReportedThreatState", "secured", "lastSyncDateTime", synced.toString()))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        mdm.start();
        Browser laptop = null;
        try {
            for (KeycloakServer node : List.of(nodeA, nodeB)) {
                node.putVaultSecret(realm, "zt-mdm-token", "parts-mdm-token");
            }
            nodeA.admin().deleteRealm(realm);
            Map<String, String> attributes = new HashMap<>(Map.of(
                    "zt.device.mdm.url", "http://127.0.0.1:" + mdm.getAddress().getPort() + "/v1.0",
                    "zt.device.mdm.token", "${vault.zt-mdm-token}", "zt.device.require-mdm-compliance", "true",
                    "zt.device.require-firewall", "false", "zt.device.require-antivirus", "false",
                    "zt.device.require-screen-lock", "false", "zt.device.min-os.macos", "14.0"));
            RealmBuilder builder = RealmBuilder.realm(realm).user("alice", "alice-password")
                    .client("desk-app", List.of(app.callback()))
                    .browserFlow(Flow.topLevel("parts mdm browser")
                            .required(Flow.standardSignIn("parts mdm browser"))
                            .required("zt-device-posture", "parts-mdm-device", Map.of("sources", "mdm-http"))
                            .conditional(Flow.sub("parts mdm not compliant")
                                    .required("zt-condition-device-compliant", "parts-mdm-not-compliant", Map.of())
                                    .required("zt-device-remediation")));
            attributes.forEach(builder::attribute);
            nodeA.admin().createRealm(builder.build());
            laptop = Browser.start();
            Browser browser = laptop;
            Runnable[] signIn = new Runnable[2];
            List<KeycloakServer> nodes = List.of(nodeA, nodeB);
            for (int i = 0; i < 2; i++) {
                KeycloakServer node = nodes.get(i);
                signIn[i] = () -> {
                    browser.open(Oidc.authorizationUrl(node, realm, "desk-app", app.callback()) + "&prompt=login");
                    new LoginPage(browser).signIn("alice", "alice-password");
                };
            }

            signIn[1].run();
            assertThat(new AppPage(browser).isShown()).as("node B: the MDM calls the laptop compliant").isTrue();
            compliance.set("noncompliant");
            signIn[1].run();
            assertThat(new AppPage(browser).isShown()).as("node B answers from its cache while nobody asked anew").isTrue();
            assertThat(calls).as("one MDM call so far").hasValue(1);

            signIn[0].run();
            Instant fetched = Instant.now();
            assertThat(new DeviceRemediationPage(browser).isShown()).as("node A asks the MDM and refuses").isTrue();
            assertThat(calls).hasValue(2);

            // Polled with a bound: each try is a whole browser sign-in on node B, started within the bound of node A's answer.
            boolean refused = false;
            int tries = 0;
            Duration delay = Duration.ZERO;
            while (!refused) {
                Instant tried = Instant.now();
                if (tries > 0 && Duration.between(fetched, tried).compareTo(POSTURE_BOUND) > 0) {
                    break;
                }
                tries++;
                signIn[1].run();
                refused = new DeviceRemediationPage(browser).isShown();
                delay = Duration.between(fetched, tried);
            }
            System.out.printf("PartsClusterIT: the MDM's answer fetched through %s refused the sign-in on %s %d ms after"
                    + " (try %d)%n", nodeA.options().nodeName(), nodeB.options().nodeName(), delay.toMillis(), tries);
            assertThat(refused).as("a sign-in on node B started within %d ms of node A's fresh answer is refused",
                    POSTURE_BOUND.toMillis()).isTrue();
            assertThat(calls).as("node B asked the MDM again").hasValue(3);

            signIn[0].run();
            assertThat(new DeviceRemediationPage(browser).isShown()).isTrue();
            assertThat(calls).as("node B's answer, the same as node A's, left node A's cached answer alone").hasValue(3);
        } finally {
            if (laptop != null) {
                laptop.close();
            }
            mdm.stop(0);
            nodeA.admin().deleteRealm(realm);
        }
    }
}
