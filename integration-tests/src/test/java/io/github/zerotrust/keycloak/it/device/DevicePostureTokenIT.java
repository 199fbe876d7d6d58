package io.github.zerotrust.keycloak.it.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.stream.Stream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A device agent's posture token on a real server: signed by the realm's posture issuer (its JWKS in
 * {@code zt.device.token.jwks}) or by the device's own enrolled key, sent as {@code X-ZT-Device-Posture}
 * or as the {@code device_posture} authorization parameter. A token that does not verify is refused, fails
 * closed (the device is unknown, the remediation page shows) and the event says why.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevicePostureTokenIT {

    static final String REALM = "it-device-token";
    static final String ISSUER = "https://posture-agent.example.test";
    static final String HEADER = "X-ZT-Device-Posture";
    static final String AGENT_SECRET = "mdm-agent-secret";

    static final PostureTokens AGENT = PostureTokens.rsa("agent-2026");
    static final PostureTokens ATTACKER = PostureTokens.rsa("agent-2026");

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
                .client("test-app", List.of(app.callback()))
                .protocolMapper("test-app", "device trust", "zt-device-trust-mapper")
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                .attribute("zt.device.token.issuer", ISSUER)
                .attribute("zt.device.token.jwks", AGENT.jwks())
                .browserFlow(Flow.topLevel("token browser")
                        .required(Flow.standardSignIn("token browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "signed-token"))
                        .conditional(Flow.sub("token browser not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .build();
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

    @BeforeEach
    void freshEvents() {
        admin.clearEvents(REALM);
    }

    @AfterEach
    void noPostureHeader() {
        browser.header(HEADER, null);
    }

    /** What a healthy Mac's agent says, issued just now by the realm's posture issuer. */
    static Map<String, Object> healthyMac() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new HashMap<>(Map.of("iss", ISSUER, "aud", REALM, "iat", now - 5, "exp", now + 300,
                "device_id", "mac-0042", "platform", "macos", "os_version", "14.5", "disk_encrypted", true,
                "firewall", true, "screen_lock", true));
        claims.putAll(Map.of("threat", "clear", "managed", true, "jailbroken", false, "upn", "alice"));
        return claims;
    }

    /** A fresh sign-in (prompt=login: the SSO cookie does not skip the password, the browser stays recognised). */
    void signIn(String extraParameters) {
        browser.open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&prompt=login" + extraParameters);
        new LoginPage(browser).signIn("alice", "alice-password");
    }

    JsonNode idToken() {
        return Oidc.idTokenClaims(server, REALM, app.callback(), new AppPage(browser).code());
    }

    @Test
    @Order(1)
    void aCompliantDeviceSignsInWithItsAgentsTokenInTheHeader() {
        browser.header(HEADER, AGENT.sign(healthyMac()));
        signIn("");

        assertThat(new AppPage(browser).isShown()).isTrue();
        assertThat(idToken().path("device_trust").asText()).isEqualTo("compliant");
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("signed-token");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("none");
        assertThat(Events.detail(event, "zt_device_problem")).isNull();
    }

    @Test
    @Order(2)
    void theTokenMayComeAsTheDevicePostureAuthorizationParameter() {
        signIn("&device_posture=" + Http.enc(AGENT.sign(healthyMac())));

        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("signed-token");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
    }

    @Test
    @Order(3)
    void aHealthyTokenStillHasItsPostureJudgedAndAFailingOneEndsTheDevicesSessions() {
        String alice = admin.get("/admin/realms/" + REALM + "/users?username=alice&exact=true").expect(200).json().get(0)
                .path("id").asText();
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + alice + "/sessions").expect(200).json())
                .as("the compliant sign-ins before left a session on this device").isNotEmpty();
        Map<String, Object> claims = healthyMac();
        claims.put("disk_encrypted", false);
        browser.header(HEADER, AGENT.sign(claims));
        signIn("");

        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + alice + "/sessions").expect(200).json())
                .as("the device turned non-compliant: its sessions ended at once").isEmpty();
        assertThat(page.checks()).containsExactly("disk-encryption");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("signed-token");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("disk-encryption");
    }

    static Stream<Arguments> badTokens() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("forged signature", (java.util.function.Supplier<String>) () -> AGENT.forgeWith(ATTACKER, healthyMac()),
                        "signature does not verify"),
                Arguments.of("expired", (java.util.function.Supplier<String>) () -> AGENT.sign(with(healthyMac(), "iat", now - 200, "exp", now - 120)),
                        "has expired"),
                Arguments.of("alg none", (java.util.function.Supplier<String>) () -> AGENT.unsigned(healthyMac()),
                        "algorithm none is not allowed"),
                Arguments.of("wrong issuer", (java.util.function.Supplier<String>) () -> AGENT.sign(with(healthyMac(), "iss", "https://evil.example.test")),
                        "issuer"),
                Arguments.of("wrong audience", (java.util.function.Supplier<String>) () -> AGENT.sign(with(healthyMac(), "aud", "another-realm")),
                        "audience"),
                Arguments.of("oversized", (java.util.function.Supplier<String>) () -> AGENT.sign(with(healthyMac(), "padding", "x".repeat(9000))),
                        "larger than 8192 bytes"),
                Arguments.of("not a JWT", (java.util.function.Supplier<String>) () -> "not-a-jwt",
                        "not a signed JWT"),
                Arguments.of("another user's token", (java.util.function.Supplier<String>) () -> AGENT.sign(with(healthyMac(), "upn", "mallory")),
                        "for another user"),
                Arguments.of("no user named", (java.util.function.Supplier<String>) () -> {
                    Map<String, Object> claims = healthyMac();
                    claims.remove("upn");
                    return AGENT.sign(claims);
                }, "names no user"));
    }

    static Map<String, Object> with(Map<String, Object> claims, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    @Order(4)
    void aTokenThatDoesNotVerifyIsRefusedAndTheDeviceCountsAsUnknown(String what, java.util.function.Supplier<String> token,
                                                                    String reason) {
        String jwt = token.get();
        browser.header(HEADER, jwt);
        signIn("");

        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).as("refused: " + what).isTrue();
        assertThat(new AppPage(browser).isShown()).isFalse();
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("none");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("unknown-device");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(Events.detail(event, "zt_device_problem")).startsWith("signed-token: ").contains(reason);
        // The reason names what failed, never the token itself.
        assertThat(event.toString()).doesNotContain(jwt.substring(Math.max(0, jwt.length() - 40)));
        assertThat(admin.events(REALM, "LOGIN")).isEmpty();
    }

    @Test
    @Order(5)
    void aDeviceMaySignItsOwnPostureWithItsEnrolledKey() {
        JsonNode devices = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json();
        assertThat(devices).hasSize(1);
        String laptop = devices.get(0).path("id").asText();
        PostureTokens deviceKey = PostureTokens.ec("device-" + laptop);
        String agentToken = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "client_credentials",
                "client_id", "mdm-agent", "client_secret", AGENT_SECRET), Map.of()).expect(200).json().path("access_token").asText();
        Http.sendJson("PUT", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/devices/" + laptop + "/key",
                deviceKey.publicJwk(), Map.of("Authorization", "Bearer " + agentToken)).expect(200);

        Map<String, Object> claims = with(healthyMac(), "iss", "device", "device_id", laptop);
        browser.header(HEADER, deviceKey.sign(claims));
        signIn("");
        assertThat(new AppPage(browser).isShown()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> true);
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("signed-token");
        assertThat(Events.detail(event, "zt_device_id")).isEqualTo(laptop);

        // Another device's key cannot speak for this one.
        admin.clearEvents(REALM);
        browser.header(HEADER, PostureTokens.ec("device-" + laptop).sign(claims));
        signIn("");
        DeviceRemediationPage page = new DeviceRemediationPage(browser);
        assertThat(page.isShown()).isTrue();
        JsonNode refused = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", page.reference()));
        assertThat(Events.detail(refused, "zt_device_problem")).contains("signature does not verify");
    }
}
