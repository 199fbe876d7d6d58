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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One laptop's life in the device registry: unknown at its first sign-in (remediation page), compliant
 * once its agent reports, refused with the exact list of problems once it reports a regression — which
 * also ends its open session at once. Only the reporter's service account may report; users see only
 * their own devices.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceComplianceIT {

    static final String REALM = "it-device";
    static final String FROM = "192.0.2.60";
    static final String AGENT_SECRET = "mdm-agent-secret";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Browser browser;
    String laptop;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .user("bob", "bob-password")
                .user("carol", "carol-password")
                .client("test-app", List.of(app.callback()))
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                // This life story is about the registry's verdicts, told with the cookie standing for the laptop (the
                // realm's explicit choice); DeviceTrustAttacksIT shows the default, where the laptop proves its key.
                .attribute("zt.device.registry.trust-cookie", "true")
                .browserFlow(Flow.topLevel("device browser")
                        .required(Flow.standardSignIn("device browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "registry"))
                        .conditional(Flow.sub("device browser not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .build();
        // The MDM's service account, the only caller allowed to report postures.
        ObjectNode roles = realm.putObject("roles");
        roles.putArray("realm").addObject().put("name", "zt-device-reporter");
        ObjectNode agent = ((ArrayNode) realm.get("clients")).addObject();
        agent.put("clientId", "mdm-agent").put("enabled", true).put("publicClient", false).put("secret", AGENT_SECRET)
                .put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        ObjectNode account = ((ArrayNode) realm.get("users")).addObject();
        account.put("username", "service-account-mdm-agent").put("enabled", true).put("serviceAccountClientId", "mdm-agent");
        account.putArray("realmRoles").add("zt-device-reporter");
        admin.createRealm(realm);
        browser = Browser.start();
    }

    @AfterAll
    void cleanUp() {
        browser.close();
        app.close();
        admin.deleteRealm(REALM);
    }

    String signInUrl() {
        return Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
    }

    String agentToken() {
        return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "client_credentials", "client_id", "mdm-agent",
                "client_secret", AGENT_SECRET), Map.of()).expect(200).json().path("access_token").asText();
    }

    String userToken(String username, String password) {
        return Oidc.passwordGrant(server, REALM, "test-app", username, password, FROM).expect(200).json()
                .path("access_token").asText();
    }

    HttpResult report(String deviceId, String json, String bearer) {
        return Http.sendJson("POST", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/devices/" + deviceId + "/posture",
                json, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer));
    }

    static String posture(String deviceId, String osVersion, boolean diskEncrypted) {
        Map<String, Object> report = new HashMap<>(Map.of("device_id", deviceId, "platform", "macos", "os_version", osVersion,
                "disk_encrypted", diskEncrypted, "firewall", true, "screen_lock", true, "threat", "clear", "managed", true,
                "reported_at", Instant.now().minusSeconds(60).toString()));
        return Json.write(report);
    }

    @Test
    @Order(1)
    void anUnknownDeviceGetsTheRemediationPageAndIsRecorded() {
        browser.from(FROM).open(signInUrl());
        new LoginPage(browser).signIn("alice", "alice-password");

        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        // Nothing reported: every check the baseline needs fails as "not reported" (antivirus is off in this realm;
        // without a platform no OS minimum applies and both computer and phone checks do).
        assertThat(page.checks()).containsExactly("platform", "disk-encryption", "firewall", "screen-lock", "jailbroken",
                "threat", "posture-age");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("device-not-compliant");

        JsonNode devices = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json();
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).path("state").asText()).isEqualTo("active");
        laptop = devices.get(0).path("id").asText();
        assertThat(laptop).isEqualTo(Events.detail(event, "zt_device_id"));
    }

    @Test
    @Order(2)
    void onlyTheReportersServiceAccountMayReportAPosture() {
        String body = posture(laptop, "14.5", true);
        assertThat(report(laptop, body, null).status()).isEqualTo(401);
        HttpResult notAReporter = report(laptop, body, userToken("alice", "alice-password"));
        assertThat(notAReporter.status()).isEqualTo(403);
        assertThat(notAReporter.json().path("error").asText()).isEqualTo("reporter-role-required");
        HttpResult unknown = report("no-such-device", posture("no-such-device", "14.5", true), agentToken());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("no-such-device");
    }

    @Test
    @Order(3)
    void malformedReportsAreRefusedWithTheReason() {
        HttpResult badVersion = report(laptop, posture(laptop, "14..2", true), agentToken());
        assertThat(badVersion.status()).isEqualTo(400);
        assertThat(badVersion.json().path("error").asText()).isEqualTo("invalid-posture");
        assertThat(badVersion.json().path("error_description").asText()).contains("os_version");

        HttpResult misspelt = report(laptop, "{\"device_id\": \"" + laptop + "\", \"disk_encypted\": true}", agentToken());
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.json().path("error").asText()).isEqualTo("invalid-posture");
        assertThat(misspelt.json().path("error_description").asText()).contains("disk_encypted");

        HttpResult oversized = report(laptop, "{\"device_id\": \"" + laptop + "\", \"platform\": \"" + "x".repeat(20_000) + "\"}",
                agentToken());
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.json().path("error").asText()).isEqualTo("body-too-large");

        HttpResult otherDevice = report(laptop, posture("another-laptop", "14.5", true), agentToken());
        assertThat(otherDevice.status()).isEqualTo(400);
        assertThat(otherDevice.json().path("error").asText()).isEqualTo("invalid-posture");
    }

    @Test
    @Order(4)
    void aCompliantDeviceSignsIn() {
        HttpResult pushed = report(laptop, posture(laptop, "14.5", true), agentToken()).expect(200);
        assertThat(pushed.json().path("status").asText()).isEqualTo("compliant");

        admin.clearEvents(REALM);
        browser.from(FROM).open(signInUrl());
        new LoginPage(browser).signIn("alice", "alice-password");

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> "alice".equals(e.path("details").path("username").asText()));
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("none");
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("registry");
    }

    @Test
    @Order(5)
    void aRegressionEndsTheDevicesSessionAtOnceAndTheNextSignInListsEveryProblem() {
        HttpResult pushed = report(laptop, posture(laptop, "13.1", false), agentToken()).expect(200);
        assertThat(pushed.json().path("status").asText()).isEqualTo("non_compliant");
        assertThat(pushed.json().path("sessionsRevoked").asInt()).isEqualTo(1);

        // The SSO session is gone: the app's next sign-in asks for the password again.
        browser.open(signInUrl());
        LoginPage login = new LoginPage(browser);
        assertThat(login.isShown()).isTrue();
        login.signIn("alice", "alice-password");

        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        browser.screenshot("device-remediation");
        assertThat(page.problems()).containsExactly("macOS 13.1 is below the required 14.0", "Disk encryption is off");
        assertThat(page.advice()).containsExactly(
                "Install the latest operating system updates and restart the device.",
                "Turn on disk encryption: BitLocker on Windows, FileVault on macOS, LUKS on Linux, a passcode on phones.");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("os-version,disk-encryption");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("managed");
    }

    @Test
    @Order(6)
    void usersSeeAndRemoveOnlyTheirOwnDevices() {
        String mine = server.baseUrl() + "/realms/" + REALM + "/zero-trust/devices";
        String alice = userToken("alice", "alice-password");
        String bob = userToken("bob", "bob-password");

        JsonNode own = Http.get(mine, Map.of("Authorization", "Bearer " + alice)).expect(200).json();
        assertThat(own).hasSize(1);
        assertThat(own.get(0).path("id").asText()).isEqualTo(laptop);
        assertThat(Http.get(mine, Map.of("Authorization", "Bearer " + bob)).expect(200).json()).isEmpty();
        assertThat(Http.get(mine + "/" + laptop, Map.of("Authorization", "Bearer " + bob)).status()).isEqualTo(404);
        assertThat(Http.sendJson("DELETE", mine + "/" + laptop, "", Map.of("Authorization", "Bearer " + bob)).status()).isEqualTo(404);
        assertThat(Http.get(mine, Map.of()).status()).isEqualTo(401);

        assertThat(Http.sendJson("DELETE", mine + "/" + laptop, "", Map.of("Authorization", "Bearer " + alice)).status()).isEqualTo(204);
        assertThat(admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json()).isEmpty();
        // What the device signed in ends through the one revocation engine, and says so.
        JsonNode removed = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_signal", "device-removed"));
        assertThat(Events.detail(removed, "zt_signal_source")).isEqualTo("zero-trust");
        assertThat(Events.detail(removed, "zt_device_id")).isEqualTo(laptop);
    }

    /**
     * Intune-style grace: a device that just fell out of compliance on a fixable setting still gets in for
     * the realm's grace period, then is refused with the remediation page. One minute here
     * ({@code zt.device.grace-minutes}); realms would use hours.
     */
    @Test
    @Order(7)
    void aDeviceThatJustFellOutOfComplianceGetsInDuringTheGracePeriodThenNot() throws Exception {
        JsonNode realm = admin.get("/admin/realms/" + REALM).expect(200).json();
        ((ObjectNode) realm.path("attributes")).put("zt.device.grace-minutes", "1");
        admin.put("/admin/realms/" + REALM, realm).expect(204);
        try (Browser carols = Browser.start()) {
            carols.from(FROM).open(signInUrl());
            new LoginPage(carols).signIn("carol", "carol-password");
            assertThat(new DeviceRemediationPage(carols).isShown()).as("not reported yet").isTrue();
            String phone = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=carol").expect(200).json()
                    .get(0).path("id").asText();
            report(phone, posture(phone, "14.5", true), agentToken()).expect(200);

            HttpResult lapsed = report(phone, posture(phone, "14.5", false), agentToken()).expect(200);
            assertThat(lapsed.json().path("status").asText()).isEqualTo("in_grace");
            Instant fellOut = Instant.now();
            carols.open(signInUrl() + "&prompt=login");
            new LoginPage(carols).signIn("carol", "carol-password");
            assertThat(new AppPage(carols).isShown()).as("in grace: let in\n" + carols.pageSource()).isTrue();
            JsonNode inGrace = Events.await(admin, REALM, "LOGIN", e -> "carol".equals(e.path("details").path("username").asText()));
            assertThat(Events.detail(inGrace, "zt_device_status")).isEqualTo("in_grace");

            while (Instant.now().isBefore(fellOut.plusSeconds(62))) {
                Thread.sleep(500);
            }
            carols.open(signInUrl() + "&prompt=login");
            new LoginPage(carols).signIn("carol", "carol-password");
            DeviceRemediationPage page = new DeviceRemediationPage(carols);
            assertThat(page.isShown()).as("grace over: refused").isTrue();
            assertThat(page.problems()).containsExactly("Disk encryption is off");
        } finally {
            ((ObjectNode) realm.path("attributes")).put("zt.device.grace-minutes", "0");
            admin.put("/admin/realms/" + REALM, realm).expect(204);
        }
    }
}
