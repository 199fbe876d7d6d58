package io.github.zerotrust.keycloak.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Device trust that cannot be copied or undone. A managed, compliant laptop whose agent enrolled its key
 * proves itself at each sign-in with a token that key signs; its recognised-browser cookie copied into a
 * fresh browser is an unproven device; a proof is used once; a reporter speaks only for the devices it
 * enrolled and never replaces a key; a device an admin retired stays retired whatever its user or its
 * reporter does.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceTrustAttacksIT {

    static final String REALM = "it-device-trust";
    static final String FROM = "192.0.2.61";
    static final String HEADER = "X-ZT-Device-Posture";
    static final String AGENT_SECRET = "mdm-agent-secret";
    static final String ROGUE_SECRET = "rogue-agent-secret";
    static final PostureTokens LAPTOP_KEY = PostureTokens.ec("laptop-key");
    static final PostureTokens OTHER_KEY = PostureTokens.ec("other-key");

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Browser laptop;
    String device;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .client("test-app", List.of(app.callback()))
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                .browserFlow(Flow.topLevel("trust browser")
                        .required(Flow.standardSignIn("trust browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "registry"))
                        .conditional(Flow.sub("trust browser not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .build();
        realm.putObject("roles").putArray("realm").addObject().put("name", "zt-device-reporter");
        reporter(realm, "mdm-agent", AGENT_SECRET);
        reporter(realm, "rogue-agent", ROGUE_SECRET);
        admin.createRealm(realm);
        laptop = Browser.start();
    }

    static void reporter(ObjectNode realm, String clientId, String secret) {
        ((ArrayNode) realm.get("clients")).addObject().put("clientId", clientId).put("enabled", true).put("publicClient", false)
                .put("secret", secret).put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        ObjectNode account = ((ArrayNode) realm.get("users")).addObject();
        account.put("username", "service-account-" + clientId).put("enabled", true).put("serviceAccountClientId", clientId);
        account.putArray("realmRoles").add("zt-device-reporter");
    }

    @AfterAll
    void cleanUp() {
        laptop.close();
        app.close();
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void freshEvents() {
        admin.clearEvents(REALM);
    }

    @AfterEach
    void noProof() {
        laptop.header(HEADER, null);
    }

    String reporterToken(String clientId, String secret) {
        return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret), Map.of()).expect(200).json().path("access_token").asText();
    }

    HttpResult asReporter(String method, String clientId, String secret, String path, String json) {
        return Http.sendJson(method, server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/devices/" + device + path, json,
                Map.of("Authorization", "Bearer " + reporterToken(clientId, secret)));
    }

    static String compliantMac(String deviceId) {
        return Json.write(Map.of("device_id", deviceId, "platform", "macos", "os_version", "14.5", "disk_encrypted", true,
                "firewall", true, "screen_lock", true, "threat", "clear", "managed", true,
                "reported_at", Instant.now().minusSeconds(60).toString()));
    }

    /** What the laptop's agent adds to each sign-in: a fresh token its enrolled key signs, naming the device. */
    String proof(PostureTokens key) {
        long now = Instant.now().getEpochSecond();
        return key.sign(new HashMap<>(Map.of("device_id", device, "aud", REALM, "iat", now - 2, "exp", now + 55)));
    }

    void signIn(Browser browser) {
        browser.from(FROM).open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&prompt=login");
        new LoginPage(browser).signIn("alice", "alice-password");
    }

    /** The laptop's recognised-browser cookie, read on a page under the realm's path (where the cookie lives). */
    String deviceCookie(Browser browser) {
        browser.open(server.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
        return browser.cookie("ZT_DEVICE");
    }

    JsonNode deviceView() {
        return admin.get("/admin/realms/" + REALM + "/zero-trust/devices/" + device).expect(200).json();
    }

    /** What the registry vouches for; {@code lastSeen} moves at every sign-in and is left out. */
    JsonNode standing() {
        ObjectNode view = deviceView().deepCopy();
        view.remove("lastSeen");
        return view;
    }

    JsonNode refusedEvent(Browser browser) {
        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        assertThat(new AppPage(browser).isShown()).isFalse();
        return Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
    }

    @Test
    @Order(1)
    void aLaptopWhoseAgentEnrolledItsKeyIsCompliantWhenItProvesIt() {
        signIn(laptop);
        assertThat(new DeviceRemediationPage(laptop).isShown()).as("unknown before its agent reports").isTrue();
        device = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json().get(0).path("id").asText();
        asReporter("PUT", "mdm-agent", AGENT_SECRET, "/key", LAPTOP_KEY.publicJwk()).expect(200);
        asReporter("POST", "mdm-agent", AGENT_SECRET, "/posture", compliantMac(device)).expect(200);

        laptop.header(HEADER, proof(LAPTOP_KEY));
        signIn(laptop);

        assertThat(new AppPage(laptop).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("registry");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
    }

    @Test
    @Order(2)
    void aCopiedDeviceCookieIsNotADeviceCredential() {
        JsonNode before = standing();
        String cookie = deviceCookie(laptop);
        assertThat(cookie).isNotBlank();
        try (Browser thief = Browser.start()) {
            thief.from(FROM).open(server.baseUrl() + "/realms/" + REALM + "/account");
            thief.addCookie("ZT_DEVICE", cookie, "/realms/" + REALM + "/");
            signIn(thief);

            JsonNode event = refusedEvent(thief);
            assertThat(Events.detail(event, "zt_device_id")).as("the copied cookie names the laptop").isEqualTo(device);
            assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
            assertThat(Events.detail(event, "zt_device_status")).isEqualTo("unknown");
            assertThat(Events.detail(event, "zt_device_problem")).startsWith("registry: ").contains("unproven device");
        }
        assertThat(standing()).as("the registry's record of the laptop is untouched").isEqualTo(before);
    }

    @Test
    @Order(3)
    void aProofIsUsedOnceSoACopiedProofIsRefused() {
        String proof = proof(LAPTOP_KEY);
        laptop.header(HEADER, proof);
        signIn(laptop);
        assertThat(new AppPage(laptop).isShown()).isTrue();
        JsonNode before = standing();
        admin.clearEvents(REALM);

        String cookie = deviceCookie(laptop);
        try (Browser thief = Browser.start()) {
            thief.from(FROM).open(server.baseUrl() + "/realms/" + REALM + "/account");
            thief.addCookie("ZT_DEVICE", cookie, "/realms/" + REALM + "/");
            thief.header(HEADER, proof);
            signIn(thief);

            JsonNode event = refusedEvent(thief);
            assertThat(Events.detail(event, "zt_device_problem"))
                    .isEqualTo("registry: the posture token was already used (replay)");
            assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        }
        assertThat(standing()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aReporterCannotSpeakForADeviceAnotherReporterEnrolled() {
        JsonNode before = standing();

        HttpResult report = asReporter("POST", "rogue-agent", ROGUE_SECRET, "/posture", compliantMac(device));
        HttpResult key = asReporter("PUT", "rogue-agent", ROGUE_SECRET, "/key", OTHER_KEY.publicJwk());

        assertThat(report.status()).as(report.body()).isEqualTo(403);
        assertThat(report.json().path("error").asText()).isEqualTo("not-the-devices-reporter");
        assertThat(key.status()).as(key.body()).isEqualTo(403);
        assertThat(key.json().path("error").asText()).isEqualTo("not-the-devices-reporter");
        assertThat(standing()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aReporterCannotReplaceTheKeyItEnrolled() {
        JsonNode before = standing();

        HttpResult replaced = asReporter("PUT", "mdm-agent", AGENT_SECRET, "/key", OTHER_KEY.publicJwk());

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(409);
        assertThat(replaced.json().path("error").asText()).isEqualTo("key-already-enrolled");
        assertThat(standing()).isEqualTo(before);
        // The enrolled key is still the one: a proof it signs is still good, one the other key signs is not.
        laptop.header(HEADER, proof(OTHER_KEY));
        signIn(laptop);
        assertThat(Events.detail(refusedEvent(laptop), "zt_device_problem"))
                .isEqualTo("registry: the posture token's signature does not verify");
        laptop.header(HEADER, proof(LAPTOP_KEY));
        signIn(laptop);
        assertThat(new AppPage(laptop).isShown()).isTrue();
    }

    @Test
    @Order(5)
    void aReporterCannotRemoveTheDevicesKeyToEnrolOneOfItsOwn() {
        JsonNode before = standing();

        // Removing the key is an admin's act (manage-users): a reporter's token, the enrolling one's or another's, is not enough.
        HttpResult byItsReporter = asReporter("DELETE", "mdm-agent", AGENT_SECRET, "/key", null);
        HttpResult byAnotherReporter = asReporter("DELETE", "rogue-agent", ROGUE_SECRET, "/key", null);

        assertThat(byItsReporter.status()).as(byItsReporter.body()).isEqualTo(403);
        assertThat(byAnotherReporter.status()).as(byAnotherReporter.body()).isEqualTo(403);
        assertThat(standing()).isEqualTo(before);
        laptop.header(HEADER, proof(LAPTOP_KEY));
        signIn(laptop);
        assertThat(new AppPage(laptop).isShown()).as("the enrolled key still proves the laptop").isTrue();
    }

    @Test
    @Order(6)
    void aUserCannotUndoTheAdminsRetirement() {
        admin.post("/admin/realms/" + REALM + "/zero-trust/devices/" + device + "/retire", null).expect(200);
        JsonNode retired = standing();
        assertThat(retired.path("state").asText()).isEqualTo("retired");
        String alice = Oidc.passwordGrant(server, REALM, "test-app", "alice", "alice-password", FROM).expect(200).json()
                .path("access_token").asText();

        HttpResult deleted = Http.sendJson("DELETE", server.baseUrl() + "/realms/" + REALM + "/zero-trust/devices/" + device,
                null, Map.of("Authorization", "Bearer " + alice));

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(409);
        assertThat(deleted.json().path("error").asText()).isEqualTo("device-retired");
        assertThat(standing()).isEqualTo(retired);

        // The next sign-in from the laptop, even with a good proof, meets a retired device: not a new, active one.
        laptop.header(HEADER, proof(LAPTOP_KEY));
        signIn(laptop);
        assertThat(Events.detail(refusedEvent(laptop), "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(deviceView().path("state").asText()).isEqualTo("retired");
        JsonNode devices = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json();
        assertThat(devices).hasSize(1);
    }

    @Test
    @Order(7)
    void theReporterCannotReviveARetiredDevice() {
        JsonNode retired = standing();

        HttpResult report = asReporter("POST", "mdm-agent", AGENT_SECRET, "/posture", compliantMac(device));

        assertThat(report.status()).as(report.body()).isEqualTo(409);
        assertThat(report.json().path("error").asText()).isEqualTo("device-retired");
        assertThat(standing()).isEqualTo(retired);
    }
}
