package io.github.zerotrust.keycloak.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeviceRemediationPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the MDM source cannot be made to do: hand one user's answer to the next user of the same browser,
 * trust a device an admin retired, send another of the server's vault secrets (or a token any realm viewer can
 * read) as its bearer token, reach a link-local address, or tell the realm's events what answered where.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MdmAttacksIT {

    static final String REALM = "it-mdm-attacks";
    static final String MDM_TOKEN = "mdm-bearer-of-the-attacks-realm";
    static final String SMTP_PASSWORD = "the-smtp-password-nobody-may-send";
    static final String NO_USABLE_ANSWER = "mdm-http: the MDM gave no usable answer (details in the server log)";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    HttpServer mdm;
    Browser browser;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(KeycloakServer server, AdminApi admin) throws IOException {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        mdm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdm.setExecutor(Executors.newCachedThreadPool());
        mdm.createContext("/", exchange -> {
            calls.incrementAndGet();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String path = exchange.getRequestURI().getPath();
            boolean broken = path.startsWith("/broken/");
            byte[] body = (broken ? "{\"error\":{\"code\":\"InternalServerError\"}}" : alicesLaptop(path))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(broken ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        mdm.start();
        server.putVaultSecret(REALM, "zt-mdm-token", MDM_TOKEN);
        server.putVaultSecret(REALM, "smtp-password", SMTP_PASSWORD);
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .user("bob", "bob-password")
                .client("test-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel("mdm attacks browser")
                        .required(Flow.standardSignIn("mdm attacks browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "mdm-http"))
                        .conditional(Flow.sub("mdm attacks browser not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .build());
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        browser.close();
        app.close();
        mdm.stop(0);
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void freshEvents() {
        admin.clearEvents(REALM);
        authorizations.clear();
    }

    /** The MDM's managedDevice for whatever device is asked about: alice's compliant laptop. */
    static String alicesLaptop(String path) {
        Map<String, Object> device = new HashMap<>(Map.of("id", path.substring(path.lastIndexOf('/') + 1),
                "deviceName", "ALICE-MBP", "operatingSystem", "macOS", "osVersion", "14.5", "complianceState", "compliant",
                "isEncrypted", true, "jailBroken", "False", "managementAgent", "mdm",
                "lastSyncDateTime", Instant.now().minusSeconds(600).toString()));
        device.put("userPrincipalName", "alice@example.test");
        device.put("partnerReportedThreatState", "secured");
        return Json.write(device);
    }

    void useMdm(String url, String token) {
        Map<String, String> attributes = new HashMap<>(Map.of("zt.device.mdm.url", url, "zt.device.mdm.timeout-ms", "1000",
                "zt.device.require-mdm-compliance", "true", "zt.device.require-firewall", "false",
                "zt.device.require-antivirus", "false", "zt.device.require-screen-lock", "false"));
        attributes.put("zt.device.mdm.token", token);
        admin.put("/admin/realms/" + REALM, Map.of("attributes", attributes)).expect(204);
    }

    String local(String behaviour) {
        return "http://127.0.0.1:" + mdm.getAddress().getPort() + "/" + behaviour + "/v1.0";
    }

    void signIn(String user) {
        browser.open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&prompt=login");
        new LoginPage(browser).signIn(user, user + "-password");
    }

    JsonNode refused() {
        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        assertThat(new AppPage(browser).isShown()).isFalse();
        return Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
    }

    String userId(String username) {
        return admin.get("/admin/realms/" + REALM + "/users?username=" + username + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    @Test
    @Order(1)
    void aSecondUserOfTheSameBrowserDoesNotInheritTheFirstUsersMdmAnswer() {
        useMdm(local("shared"), "${vault.zt-mdm-token}");
        signIn("alice");
        assertThat(new AppPage(browser).isShown()).as("alice's own laptop, compliant").isTrue();
        assertThat(authorizations).containsExactly("Bearer " + MDM_TOKEN);
        int asked = calls.get();
        admin.post("/admin/realms/" + REALM + "/users/" + userId("alice") + "/logout", null).expect(204);

        // Within the cache's minute, bob signs in on the same browser (the same recognised-browser id).
        signIn("bob");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("unknown-device");
        assertThat(calls.get()).as("the answer came from the cache, and was judged for bob").isEqualTo(asked);
    }

    @Test
    @Order(2)
    void aRetiredDeviceStaysUntrustedWhateverTheMdmSays() {
        useMdm(local("retired"), "${vault.zt-mdm-token}");
        String device = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json().get(0)
                .path("id").asText();
        admin.post("/admin/realms/" + REALM + "/zero-trust/devices/" + device + "/retire", null).expect(200);

        signIn("alice");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem")).isEqualTo("mdm-http: the device is retired in the registry");
        assertThat(admin.get("/admin/realms/" + REALM + "/zero-trust/devices/" + device).expect(200).json()
                .path("state").asText()).isEqualTo("retired");
        admin.post("/admin/realms/" + REALM + "/zero-trust/devices/" + device + "/approve", null).expect(200);
    }

    @Test
    @Order(3)
    void aRealmAdminCannotSendAnotherVaultSecretToTheMdm() {
        useMdm(local("vault-smtp"), "${vault.smtp-password}");
        int before = calls.get();

        signIn("alice");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem"))
                .isEqualTo("mdm-http: zt.device.mdm.token must be ${vault.zt-mdm-token} (the token in the server's vault),"
                        + " not another vault key");
        assertThat(calls.get()).as("nothing was sent").isEqualTo(before);
        assertThat(authorizations).noneMatch(a -> a.contains(SMTP_PASSWORD));
        assertThat(event.toString()).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    @Order(4)
    void aPlainMdmTokenThatEveryRealmViewerCanReadIsRefused() {
        useMdm(local("plain"), MDM_TOKEN);
        int before = calls.get();

        signIn("alice");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem")).endsWith("not the token itself");
        assertThat(calls.get()).isEqualTo(before);
        assertThat(event.toString()).doesNotContain(MDM_TOKEN);
    }

    @Test
    @Order(5)
    void theMdmUrlCannotReachALinkLocalAddress() {
        useMdm("https://169.254.169.254/latest", "${vault.zt-mdm-token}");

        signIn("alice");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem"))
                .isEqualTo("mdm-http: the MDM URL is not allowed by the server's outbound rules");
        assertThat(authorizations).isEmpty();
    }

    @Test
    @Order(6)
    void anMdmFailureTellsTheEventsNothingAboutWhatAnswered() throws IOException {
        useMdm(local("broken"), "${vault.zt-mdm-token}");
        signIn("alice");
        String answeredWithAnError = Events.detail(refused(), "zt_device_problem");
        admin.clearEvents(REALM);

        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        useMdm("http://127.0.0.1:" + closed + "/v1.0", "${vault.zt-mdm-token}");
        signIn("alice");
        String nobodyListening = Events.detail(refused(), "zt_device_problem");

        assertThat(answeredWithAnError).isEqualTo(NO_USABLE_ANSWER);
        assertThat(nobodyListening).isEqualTo(NO_USABLE_ANSWER);
    }
}
