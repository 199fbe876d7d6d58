package io.github.zerotrust.keycloak.it.signals;

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
import io.github.zerotrust.keycloak.it.signals.Accounts.Tokens;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One call per playbook when a breach is confirmed: contain a user (every session and token, the password, the
 * factors, optionally the account), a device (retired, its sessions ended), a client (its tokens refused). Each
 * answers with what it did, writes an admin event, and does nothing more when called again. Only who holds the
 * right Keycloak asks for the same acts may call it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainmentIT {

    static final String REALM = "it-signals-contain";
    static final String AGENT_SECRET = "contain-agent-secret";
    static final String OTP = "KRSXG5CTMVRXEZLU";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Accounts accounts;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        this.accounts = new Accounts(server, admin, REALM);
        admin.deleteRealm(REALM);
        List<String> users = List.of("mallet", "victim", "bob", "vera", "cleo", "max", "dev", "carl", "cora");
        RealmBuilder builder = RealmBuilder.realm(REALM)
                .client("test-app", List.of(app.callback()))
                .client("other-app", List.of(app.callback()))
                .client("third-app", List.of(app.callback()))
                // The playbooks are about what containment ends, not about how the account signed in: password only.
                .directGrantFlow(Flow.topLevel("password grant").required("direct-grant-validate-username")
                        .required("direct-grant-validate-password"))
                .attribute("zt.device.require-antivirus", "false")
                .attribute("zt.device.registry.trust-cookie", "true")
                .browserFlow(Flow.topLevel("contain browser")
                        .required(Flow.standardSignIn("contain browser"))
                        .required("zt-device-posture", "contain-check-device", Map.of("sources", "registry"))
                        .conditional(Flow.sub("contain browser not compliant")
                                .required("zt-condition-device-compliant", "contain-not-compliant", Map.of())
                                .required("zt-device-remediation")));
        for (String user : users) {
            if (user.equals("mallet")) {
                builder.userWithOtp(user, user + "-password", OTP);
            } else {
                builder.user(user, user + "-password");
            }
        }
        ObjectNode realm = builder.build();
        for (String user : users) {
            Accounts.grant(realm, user, "offline_access");
        }
        realm.putObject("roles").putArray("realm").addObject().put("name", "zt-device-reporter");
        ObjectNode agent = ((ArrayNode) realm.get("clients")).addObject();
        agent.put("clientId", "contain-agent").put("enabled", true).put("publicClient", false).put("secret", AGENT_SECRET)
                .put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        ObjectNode account = ((ArrayNode) realm.get("users")).addObject();
        account.put("username", "service-account-contain-agent").put("enabled", true)
                .put("serviceAccountClientId", "contain-agent");
        account.putArray("realmRoles").add("zt-device-reporter");
        admin.createRealm(realm);
        accounts.adminRole("vera", "view-users");
        accounts.adminRole("cleo", "manage-clients");
        accounts.adminRole("max", "manage-users");
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    HttpResult contain(String kind, String id, String body, String bearer) {
        return Http.sendJson("POST", server.baseUrl() + accounts.path("/zero-trust/contain/" + kind + "/" + Http.enc(id)), body,
                Map.of("Authorization", "Bearer " + bearer));
    }

    HttpResult containAsAdmin(String kind, String id, String body) {
        return admin.post(accounts.path("/zero-trust/contain/" + kind + "/" + Http.enc(id)), body);
    }

    String token(String user) {
        return accounts.signIn(user).access();
    }

    static void assertRefused(HttpResult refresh) {
        assertThat(refresh.status()).as(refresh.toString()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void containingAUserEndsEverythingItSaysAndASecondCallEndsNothing() {
        Tokens laptop = accounts.signIn("mallet");
        Tokens phone = accounts.signIn("test-app", "mallet", null, false);
        Tokens offline = accounts.signIn("test-app", "mallet", null, true);
        Tokens bystander = accounts.signIn("bob");
        String mallet = accounts.userId("mallet");
        assertThat(accounts.credentialTypes("mallet")).contains("password", "otp");

        // max administers users, and nothing else: the right Keycloak asks for to manage one.
        HttpResult first = contain("users", mallet, "{\"disable\": true, \"resetPassword\": true, \"reRegisterFactors\": true}",
                token("max"));

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode done = first.json();
        assertThat(done.path("trigger").asText()).isEqualTo("contain-user");
        assertThat(done.path("sessionsEnded").asInt()).isEqualTo(2);
        assertThat(done.path("offlineSessionsEnded").asInt()).isEqualTo(1);
        assertThat(done.path("tokensRevoked").asBoolean()).isTrue();
        assertThat(done.path("userDisabled").asBoolean()).isTrue();
        assertThat(done.path("passwordRemoved").asBoolean()).isTrue();
        assertThat(done.path("factorsRemoved").asInt()).isEqualTo(1);
        assertThat(done.path("changed").asBoolean()).isTrue();

        assertThat(accounts.sessions("mallet")).isEmpty();
        assertThat(accounts.offlineSessions("mallet", "test-app")).isEmpty();
        assertRefused(accounts.refresh(laptop));
        assertRefused(accounts.refresh(phone));
        assertRefused(accounts.refresh(offline));
        assertThat(accounts.credentialTypes("mallet")).isEmpty();
        assertThat(accounts.user("mallet").path("enabled").asBoolean()).isFalse();
        assertThat(accounts.refresh(bystander).status()).as("another user's session").isEqualTo(200);

        JsonNode audit = accounts.adminEvents("zero-trust/contain/users/" + mallet).get(0);
        assertThat(audit.path("operationType").asText()).isEqualTo("ACTION");
        assertThat(Json.parse(audit.path("representation").asText()).path("sessionsEnded").asInt()).isEqualTo(2);
        JsonNode signal = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "contain-user".equals(Events.detail(e, "zt_signal")) && mallet.equals(e.path("userId").asText()));
        assertThat(Events.detail(signal, "zt_signal_source")).isEqualTo("admin");
        assertThat(Events.detail(signal, "zt_sessions_ended")).isEqualTo("2");

        HttpResult again = contain("users", mallet, "{\"disable\": true}", token("max"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("sessionsEnded").asInt()).isZero();
        assertThat(again.json().path("offlineSessionsEnded").asInt()).isZero();
        assertThat(again.json().path("tokensRevoked").asBoolean()).isFalse();
        assertThat(again.json().path("userDisabled").asBoolean()).isFalse();
        assertThat(again.json().path("passwordRemoved").asBoolean()).isFalse();
        assertThat(again.json().path("factorsRemoved").asInt()).isZero();
        assertThat(again.json().path("changed").asBoolean()).isFalse();
        assertThat(accounts.adminEvents("zero-trust/contain/users/" + mallet)).hasSize(2);

        // Enabled again by an admin, the account still cannot sign in with the password it had.
        accounts.setEnabled("mallet", true);
        HttpResult oldPassword = Oidc.passwordGrant(server, REALM, "test-app", "mallet", "mallet-password", Accounts.FROM);
        // (400 "account not fully set up": no password is left, and a new one is required first)
        assertThat(oldPassword.status()).as(oldPassword.toString()).isIn(400, 401);
        assertThat(oldPassword.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(oldPassword.json().has("access_token")).isFalse();
    }

    @Test
    void containingAUserWithoutABodyKeepsTheAccountEnabled() {
        Tokens tokens = accounts.signIn("cora");

        HttpResult done = containAsAdmin("users", accounts.userId("cora"), null);

        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().path("userDisabled").asBoolean()).isFalse();
        assertThat(done.json().path("passwordRemoved").asBoolean()).isTrue();
        assertThat(accounts.user("cora").path("enabled").asBoolean()).isTrue();
        assertRefused(accounts.refresh(tokens));
    }

    @Test
    void containingADeviceRetiresItAndEndsItsSessions() {
        try (Browser browser = Browser.start()) {
            String signIn = Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
            browser.from(Accounts.FROM).open(signIn);
            new LoginPage(browser).signIn("dev", "dev-password");
            assertThat(new DeviceRemediationPage(browser).isShown()).isTrue();
            JsonNode devices = admin.get(accounts.path("/zero-trust/devices?user=dev")).expect(200).json();
            String laptop = devices.get(0).path("id").asText();
            report(laptop).expect(200);
            browser.open(signIn);
            new LoginPage(browser).signIn("dev", "dev-password");
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
            assertThat(accounts.sessions("dev")).hasSize(1);

            HttpResult first = containAsAdmin("devices", laptop, null);

            assertThat(first.status()).as(first.toString()).isEqualTo(200);
            assertThat(first.json().path("deviceRetired").asBoolean()).isTrue();
            assertThat(first.json().path("sessionsEnded").asInt()).isEqualTo(1);
            assertThat(accounts.sessions("dev")).isEmpty();
            assertThat(admin.get(accounts.path("/zero-trust/devices/" + laptop)).expect(200).json().path("state").asText())
                    .isEqualTo("retired");
            assertThat(accounts.adminEvents("zero-trust/contain/devices/" + laptop)).hasSize(1);

            HttpResult again = containAsAdmin("devices", laptop, null);
            assertThat(again.json().path("deviceRetired").asBoolean()).isFalse();
            assertThat(again.json().path("sessionsEnded").asInt()).isZero();
            assertThat(again.json().path("changed").asBoolean()).isFalse();
        }
    }

    HttpResult report(String deviceId) {
        String agent = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "client_credentials",
                "client_id", "contain-agent", "client_secret", AGENT_SECRET), Map.of()).expect(200).json()
                .path("access_token").asText();
        Map<String, Object> posture = new HashMap<>(Map.of("device_id", deviceId, "platform", "macos", "os_version", "14.5",
                "disk_encrypted", true, "firewall", true, "screen_lock", true, "threat", "clear", "managed", true,
                "reported_at", Instant.now().minusSeconds(60).toString()));
        return Http.sendJson("POST", server.baseUrl() + accounts.path("/zero-trust/devices/" + deviceId + "/posture"),
                Json.write(posture), Map.of("Authorization", "Bearer " + agent));
    }

    @Test
    void containingAClientRefusesItsRefreshTokensAndLeavesAnotherClientsSessionWorking() {
        Tokens inOtherApp = accounts.signIn("other-app", "bob", null, false);
        Tokens inTestApp = accounts.signIn("test-app", "bob", null, false);

        // cleo administers clients, and nothing about users.
        HttpResult first = contain("clients", "other-app", null, token("cleo"));

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("trigger").asText()).isEqualTo("contain-client");
        assertThat(first.json().path("clientSessionsEnded").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(first.json().path("tokensRevoked").asBoolean()).isTrue();
        assertRefused(accounts.refresh("other-app", inOtherApp.refresh()));
        assertThat(accounts.refresh("test-app", inTestApp.refresh()).status()).isEqualTo(200);
        assertThat(accounts.adminEvents("zero-trust/contain/clients/other-app")).hasSize(1);

        HttpResult again = containAsAdmin("clients", "other-app", null);
        assertThat(again.json().path("clientSessionsEnded").asInt()).isZero();
        assertThat(again.json().path("tokensRevoked").asBoolean()).isFalse();
        assertThat(again.json().path("changed").asBoolean()).isFalse();
    }

    // --- Attacks: each is refused, and nothing changed ---

    /** The victim's session is as it was: its refresh still works, the account is enabled, no containment was recorded. */
    void assertUntouched(String user, Tokens tokens) {
        assertThat(accounts.refresh(tokens).status()).isEqualTo(200);
        assertThat(accounts.sessions(user)).contains(tokens.session());
        assertThat(accounts.user(user).path("enabled").asBoolean()).isTrue();
        assertThat(accounts.credentialTypes(user)).contains("password");
        assertThat(accounts.adminEvents("zero-trust/contain/users/" + accounts.userId(user))).isEmpty();
    }

    @Test
    void aViewUsersAdminCannotContainAUser() {
        Tokens victim = accounts.signIn("victim");

        HttpResult refused = contain("users", accounts.userId("victim"), "{\"disable\": true}", token("vera"));

        assertThat(refused.status()).isEqualTo(403);
        assertUntouched("victim", victim);
    }

    @Test
    void aUserCannotContainAnotherUserWithHisOwnToken() {
        Tokens victim = accounts.signIn("victim");

        HttpResult refused = contain("users", accounts.userId("victim"), "{\"disable\": true}", token("bob"));

        assertThat(refused.status()).isEqualTo(403);
        assertUntouched("victim", victim);
    }

    @Test
    void aManageClientsAdminWithoutManageUsersCannotContainAUser() {
        Tokens victim = accounts.signIn("victim");

        HttpResult refused = contain("users", accounts.userId("victim"), null, token("cleo"));

        assertThat(refused.status()).isEqualTo(403);
        assertUntouched("victim", victim);
    }

    @Test
    void aManageUsersAdminCannotContainAClientOrAViewUsersAdminADevice() {
        Tokens inThirdApp = accounts.signIn("third-app", "victim", null, false);

        assertThat(contain("clients", "third-app", null, token("max")).status()).isEqualTo(403);
        assertThat(contain("devices", "any-device", null, token("vera")).status()).isEqualTo(403);

        assertThat(accounts.refresh("third-app", inThirdApp.refresh()).status()).isEqualTo(200);
        assertThat(accounts.adminEvents("zero-trust/contain/clients/third-app")).isEmpty();
    }

    @Test
    void anUnknownUserIsA404AndChangesNothing() {
        Tokens victim = accounts.signIn("victim");

        HttpResult unknown = containAsAdmin("users", "no-such-user-id", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("no-such-user");
        // Who may not look users up learns nothing of which ids exist.
        assertThat(contain("users", "no-such-user-id", null, token("bob")).status()).isEqualTo(403);
        assertThat(containAsAdmin("devices", "no-such-device", null).json().path("error").asText()).isEqualTo("no-such-device");
        assertThat(containAsAdmin("clients", "no-such-client", null).json().path("error").asText()).isEqualTo("no-such-client");

        assertUntouched("victim", victim);
        assertThat(accounts.adminEvents("zero-trust/contain/users/no-such-user-id")).isEmpty();
    }

    @Test
    void aContainmentBodyWithUnknownFieldsIsRefusedAndChangesNothing() {
        Tokens victim = accounts.signIn("victim");
        String id = accounts.userId("victim");

        HttpResult unknownField = containAsAdmin("users", id, "{\"disable\": true, \"wipeEverything\": true}");
        HttpResult wrongType = containAsAdmin("users", id, "{\"disable\": \"yes please\"}");
        HttpResult notAnObject = containAsAdmin("users", id, "[true]");
        HttpResult notJson = admin.send("POST", accounts.path("/zero-trust/contain/users/" + id), "disable=true",
                "application/x-www-form-urlencoded");

        for (HttpResult refused : List.of(unknownField, wrongType, notAnObject)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).isEqualTo("invalid-json");
        }
        assertThat(unknownField.json().path("error_description").asText()).contains("wipeEverything");
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(415);
        assertUntouched("victim", victim);
    }

    @Test
    void aSignalAboutOneUserNeverEndsAnotherUsersSession() {
        Tokens victim = accounts.signIn("victim");
        Tokens carlsOwn = accounts.signIn("carl");

        containAsAdmin("users", accounts.userId("carl"), "{\"resetPassword\": false, \"reRegisterFactors\": false}").expect(200);

        assertRefused(accounts.refresh(carlsOwn));
        assertUntouched("victim", victim);
    }
}
