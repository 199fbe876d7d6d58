package io.github.zerotrust.keycloak.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Posture tokens of the realm's issuer that someone else got hold of: a token seen once is refused the second
 * time (its {@code jti}, cluster-wide), a token in the URL is good for two minutes only, a token that names
 * the user by an e-mail address the user never verified names nobody, and a token that names a device an admin
 * retired is refused.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostureTokenAttacksIT {

    static final String REALM = "it-posture-attacks";
    static final String ISSUER = "https://posture-agent.example.test";
    static final String HEADER = "X-ZT-Device-Posture";
    static final PostureTokens AGENT = PostureTokens.rsa("agent-2026");

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Browser browser;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .user("mallory", "mallory-password")
                .client("test-app", List.of(app.callback()))
                .attribute("zt.device.require-antivirus", "false")
                .attribute("zt.device.token.issuer", ISSUER)
                .attribute("zt.device.token.jwks", AGENT.jwks())
                .browserFlow(Flow.topLevel("attacks browser")
                        .required(Flow.standardSignIn("attacks browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "signed-token"))
                        .conditional(Flow.sub("attacks browser not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .build();
        // Mallory typed alice's address into her profile; nobody verified it.
        for (JsonNode user : realm.get("users")) {
            if ("mallory".equals(user.path("username").asText())) {
                ((ObjectNode) user).put("email", "alice.personal@example.test").put("emailVerified", false);
            }
        }
        admin.createRealm(realm);
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    /** Each attack in a browser of its own: two users never share one here. */
    @BeforeEach
    void freshBrowserAndEvents() {
        admin.clearEvents(REALM);
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    static Map<String, Object> healthyMac(String deviceId, String userClaim, String user, long issuedSecondsAgo) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>(Map.of("iss", ISSUER, "aud", REALM, "iat", now - issuedSecondsAgo,
                "exp", now + 300, "device_id", deviceId, "platform", "macos", "os_version", "14.5", "disk_encrypted", true,
                "firewall", true, "screen_lock", true));
        claims.putAll(Map.of("threat", "clear", "managed", true, "jailbroken", false, userClaim, user));
        return claims;
    }

    void signIn(String user, String extraParameters) {
        browser.open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&prompt=login" + extraParameters);
        new LoginPage(browser).signIn(user, user + "-password");
    }

    JsonNode refused() {
        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        assertThat(new AppPage(browser).isShown()).isFalse();
        return Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
    }

    JsonNode signedIn() {
        assertThat(new AppPage(browser).isShown()).isTrue();
        return Events.await(admin, REALM, "LOGIN", e -> true);
    }

    @Test
    void aCopiedPostureTokenIsRefusedTheSecondTime() {
        String token = AGENT.sign(healthyMac("mac-7001", "upn", "alice", 5));
        browser.header(HEADER, token);
        signIn("alice", "");
        assertThat(Events.detail(signedIn(), "zt_device_trust")).isEqualTo("compliant");
        admin.clearEvents(REALM);

        signIn("alice", "");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem")).isEqualTo("signed-token: the posture token was already used (replay)");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(event.toString()).doesNotContain(token);
    }

    @Test
    void aPostureTokenInTheUrlIsRefusedOnceItIsOlderThanTwoMinutes() {
        String old = AGENT.sign(healthyMac("mac-7002", "upn", "alice", 150));

        signIn("alice", "&device_posture=" + Http.enc(old));

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem")).isEqualTo("signed-token: the posture token is older than 120 seconds");
        // The same age in the agent's header is within the realm's five minutes.
        admin.clearEvents(REALM);
        browser.header(HEADER, AGENT.sign(healthyMac("mac-7002", "upn", "alice", 150)));
        signIn("alice", "");
        assertThat(Events.detail(signedIn(), "zt_device_trust")).isEqualTo("compliant");
    }

    @Test
    void aPostureTokenNamingAnUnverifiedEmailNamesNobody() {
        browser.header(HEADER, AGENT.sign(healthyMac("mac-7003", "email", "alice.personal@example.test", 5)));

        signIn("mallory", "");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem")).isEqualTo("signed-token: the posture token is for another user");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
    }

    @Test
    void aRetiredDeviceIsNotTrustedThroughAnIssuersToken() {
        browser.header(HEADER, AGENT.sign(healthyMac("mac-7004", "upn", "alice", 5)));
        signIn("alice", "");
        signedIn();
        // The laptop's browser is in the registry under its recognised-browser id; the agent's token names mac-7004.
        // An admin retires the device the token names (after it is recorded under that id by an agent's enrolment).
        String recorded = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json().get(0)
                .path("id").asText();
        admin.post("/admin/realms/" + REALM + "/zero-trust/devices/" + recorded + "/retire", null).expect(200);
        admin.clearEvents(REALM);

        browser.header(HEADER, AGENT.sign(healthyMac(recorded, "upn", "alice", 5)));
        signIn("alice", "");

        JsonNode event = refused();
        assertThat(Events.detail(event, "zt_device_problem"))
                .isEqualTo("signed-token: the posture token names a device retired in the registry");
        assertThat(admin.get("/admin/realms/" + REALM + "/zero-trust/devices/" + recorded).expect(200).json()
                .path("state").asText()).isEqualTo("retired");
    }
}
