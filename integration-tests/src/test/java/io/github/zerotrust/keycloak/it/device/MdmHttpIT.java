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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code mdm-http} against a local MDM speaking Microsoft Graph's managedDevices shape. Each test points the
 * realm at its own path of that MDM (compliant, noncompliant, slow, broken), so the provider's cache, which is
 * keyed by the MDM's address, never carries one test's answer into the next.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MdmHttpIT {

    static final String REALM = "it-device-mdm";
    static final String MDM_TOKEN = "mdm-bearer-for-tests";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Browser browser;
    HttpServer mdm;
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, String> authorization = new ConcurrentHashMap<>();

    @BeforeAll
    void start(KeycloakServer server, AdminApi admin) throws IOException {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        mdm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdm.setExecutor(Executors.newCachedThreadPool());
        mdm.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String behaviour = path.split("/")[1];
            calls.computeIfAbsent(behaviour, b -> new AtomicInteger()).incrementAndGet();
            authorization.put(behaviour, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            int status = 200;
            String body;
            switch (behaviour) {
                case "compliant" -> body = managedDevice(path, "compliant");
                case "noncompliant" -> body = managedDevice(path, "noncompliant");
                case "slow" -> {
                    sleep(3000);
                    body = managedDevice(path, "compliant");
                }
                default -> {
                    status = 500;
                    body = "{\"error\":{\"code\":\"InternalServerError\"}}";
                }
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (IOException gone) {
                // Keycloak gave up waiting, as it should.
            }
            exchange.close();
        });
        mdm.start();
        // The token lives in the server's vault, under the one key the MDM source reads.
        server.putVaultSecret(REALM, "zt-mdm-token", MDM_TOKEN);
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .client("test-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel("mdm browser")
                        .required(Flow.standardSignIn("mdm browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "mdm-http"))
                        .conditional(Flow.sub("mdm browser not compliant")
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
    }

    /** Graph's managedDevice for the device asked about, owned by alice. */
    static String managedDevice(String path, String complianceState) {
        Map<String, Object> device = new HashMap<>(Map.of("id", path.substring(path.lastIndexOf('/') + 1),
                "deviceName", "ALICE-MBP", "operatingSystem", "macOS", "osVersion", "14.5", "complianceState", complianceState,
                "isEncrypted", true, "jailBroken", "False", "managementAgent", "mdm",
                "lastSyncDateTime", Instant.now().minusSeconds(600).toString()));
        device.put("userPrincipalName", "alice@example.test");
        device.put("partnerReportedThreatState", "secured");
        device.put("azureADDeviceId", "00000000-0000-0000-0000-000000000000");
        return Json.write(device);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Points the realm at one behaviour of the MDM; Graph reports no firewall or screen lock, so the baseline relies on complianceState. */
    void useMdm(String behaviour, boolean failOpen) {
        Map<String, String> attributes = new HashMap<>(Map.of(
                "zt.device.mdm.url", "http://127.0.0.1:" + mdm.getAddress().getPort() + "/" + behaviour + "/v1.0",
                "zt.device.mdm.token", "${vault.zt-mdm-token}", "zt.device.mdm.timeout-ms", "500",
                "zt.device.mdm.fail-open", Boolean.toString(failOpen),
                "zt.device.require-mdm-compliance", "true", "zt.device.require-firewall", "false",
                "zt.device.require-antivirus", "false", "zt.device.require-screen-lock", "false"));
        attributes.put("zt.device.min-os.macos", "14.0");
        admin.put("/admin/realms/" + REALM, Map.of("attributes", attributes)).expect(204);
    }

    void signIn() {
        browser.open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&prompt=login");
        new LoginPage(browser).signIn("alice", "alice-password");
    }

    JsonNode refusal() {
        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        assertThat(new AppPage(browser).isShown()).isFalse();
        return Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
    }

    @Test
    void aDeviceTheMdmCallsCompliantSignsInAndTheAnswerIsCached() {
        useMdm("compliant", false);
        signIn();

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("mdm-http");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
        assertThat(authorization.get("compliant")).isEqualTo("Bearer " + MDM_TOKEN);
        assertThat(event.toString()).doesNotContain(MDM_TOKEN);
        assertThat(calls.get("compliant")).hasValue(1);

        signIn();
        assertThat(new AppPage(browser).isShown()).isTrue();
        assertThat(calls.get("compliant")).as("the second sign-in within the cache's lifetime asks no one").hasValue(1);
    }

    @Test
    void aDeviceTheMdmCallsNoncompliantGetsTheRemediationPage() {
        useMdm("noncompliant", false);
        signIn();

        JsonNode event = refusal();
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("mdm-http");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("mdm-compliance");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("managed");
    }

    @Test
    void anMdmThatDoesNotAnswerInTimeFailsClosed() {
        useMdm("slow", false);
        signIn();

        JsonNode event = refusal();
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("unknown-device");
        // The same words whatever went wrong: the event is no oracle of what answers at the MDM's address.
        assertThat(Events.detail(event, "zt_device_problem"))
                .isEqualTo("mdm-http: the MDM gave no usable answer (details in the server log)");
    }

    @Test
    void anMdmInErrorFailsClosed() {
        useMdm("broken", false);
        signIn();

        JsonNode event = refusal();
        assertThat(Events.detail(event, "zt_device_problem"))
                .isEqualTo("mdm-http: the MDM gave no usable answer (details in the server log)");
        assertThat(event.toString()).doesNotContain(MDM_TOKEN);
    }

    @Test
    void withFailOpenAnMdmOutageLetsTheUserInAsAnUnmanagedDeviceAndSaysSo() {
        useMdm("broken-again", true);
        signIn();

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_status")).isEqualTo("failed_open");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(Events.detail(event, "zt_device_problem"))
                .isEqualTo("mdm-http: the MDM gave no usable answer (details in the server log)");
    }

    @Test
    void withFailOpenATimeoutAlsoLetsTheUserIn() {
        useMdm("slow", true);
        signIn();

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_status")).isEqualTo("failed_open");
    }
}
