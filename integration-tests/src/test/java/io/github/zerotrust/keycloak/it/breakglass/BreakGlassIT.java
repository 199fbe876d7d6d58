package io.github.zerotrust.keycloak.it.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AlertReceiver;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SmtpSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Break-glass accounts on one server: a realm admin marks two accounts, the list warns about what would stop them
 * working, a marked account signs in through a direct-grant flow whose deny step refuses everyone else (and whose
 * country condition leads into Keycloak's own deny step), What-If says why, every sign-in and every failed try is a
 * stored alert event and a webhook call, and each attack on the marks is refused and changes nothing.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BreakGlassIT {

    static final String REALM = "it-break-glass";
    static final String BREAK_GLASS = "/admin/realms/" + REALM + "/zero-trust/break-glass";
    static final String LONDON = "192.0.2.10";
    static final String PYONGYANG = "198.51.100.7";
    /** Only the browser sign-in comes from here, so its alerts are told from the others'. */
    static final String BROWSER_ADDRESS = "192.0.2.77";
    /** Signs admins in through Keycloak's stock direct-grant flow; the realm's own refuses everyone but break-glass. */
    static final String ADMIN_TOOL = "admin-tool";

    KeycloakServer server;
    AdminApi admin;
    AlertReceiver alerts;
    SmtpSink smtp;
    final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.alerts = AlertReceiver.answering();
        this.smtp = new SmtpSink();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("glass-1", "glass-1-password")
                .user("glass-2", "glass-2-password")
                .user("alice", "alice-password")
                .user("boss", "boss-password")
                .user("usermgr", "usermgr-password")
                .user("viewer", "viewer-password")
                .user("plain", "plain-password")
                .user("fed", "fed-password")
                .group("it-admins", "boss")
                .smtp("127.0.0.1", smtp.port())
                .passwordGrantClient("test-app")
                .passwordGrantClient(ADMIN_TOOL)
                .directGrantFlow(Flow.topLevel("locked direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off",
                                "zt.alert.webhook-url", alerts.url(), "zt.alert.email-group", "/it-admins"))
                        .conditional(Flow.sub("locked direct grant from kp")
                                .required("zt-condition-country", "from-kp", Map.of("countries", "KP", "match", "in"))
                                // Keycloak's own deny step: only a condition that does not match keeps it from running.
                                .required("deny-access-authenticator"))
                        .required("zt-deny-access", "deny-everyone", Map.of()))
                .build();
        ArrayNode users = (ArrayNode) realm.get("users");
        for (JsonNode user : users) {
            String name = user.path("username").asText();
            List<String> roles = switch (name) {
                case "glass-1", "boss" -> List.of("realm-admin");
                case "usermgr" -> List.of("manage-users", "view-users", "query-users");
                case "viewer" -> List.of("view-realm", "view-users");
                default -> List.of();
            };
            if (!roles.isEmpty()) {
                ((ObjectNode) user).putObject("clientRoles").set("realm-management",
                        io.github.zerotrust.keycloak.it.harness.Json.MAPPER.valueToTree(roles));
            }
            if (name.equals("fed")) {
                ((ObjectNode) user).putArray("federatedIdentities").addObject()
                        .put("identityProvider", "corp").put("userId", "corp-fed").put("userName", "fed");
            }
        }
        ObjectNode idp = realm.putArray("identityProviders").addObject();
        idp.put("alias", "corp").put("providerId", "oidc").put("enabled", true);
        idp.putObject("config").put("clientId", "keycloak").put("clientSecret", "unused")
                .put("authorizationUrl", "https://idp.example.test/auth").put("tokenUrl", "https://idp.example.test/token");
        admin.createRealm(realm);
        for (String name : List.of("glass-1", "glass-2", "alice", "boss", "usermgr", "viewer", "plain", "fed")) {
            ids.put(name, admin.get("/admin/realms/" + REALM + "/users?username=" + name + "&exact=true").expect(200).json()
                    .get(0).path("id").asText());
        }
        // Admins sign in to the admin API through the stock flow, not the realm's locked one.
        String stock = flowId("direct grant");
        JsonNode tool = admin.get("/admin/realms/" + REALM + "/clients?clientId=" + ADMIN_TOOL).expect(200).json().get(0);
        ((ObjectNode) tool).putObject("authenticationFlowBindingOverrides").put("direct_grant", stock);
        admin.put("/admin/realms/" + REALM + "/clients/" + tool.path("id").asText(), tool).expect(204);
        admin.post("/admin/realms/" + REALM + "/clients", Map.of("clientId", "robot", "publicClient", false,
                "serviceAccountsEnabled", true, "secret", "robot-secret")).expect(201);
        String robot = admin.get("/admin/realms/" + REALM + "/clients?clientId=robot").expect(200).json().get(0).path("id").asText();
        ids.put("robot", admin.get("/admin/realms/" + REALM + "/clients/" + robot + "/service-account-user").expect(200).json()
                .path("id").asText());

        String boss = token("boss");
        JsonNode first = call("PUT", BREAK_GLASS + "/" + ids.get("glass-1"), boss).expect(200).json();
        JsonNode second = call("PUT", BREAK_GLASS + "/" + ids.get("glass-2"), boss).expect(200).json();
        assertThat(first.path("changed").asBoolean()).isTrue();
        assertThat(second.path("changed").asBoolean()).isTrue();
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
        alerts.close();
        smtp.close();
    }

    /** Two admins (or two nodes) marking at once: each mark is a read-modify-write of one realm attribute. */
    @Test
    void marksMadeAtTheSameTimeAreAllKeptAndSoAreUnmarks() throws Exception {
        String race = "it-break-glass-race";
        admin.deleteRealm(race);
        RealmBuilder builder = RealmBuilder.realm(race);
        List<String> names = List.of("r-0", "r-1", "r-2", "r-3", "r-4", "r-5", "r-6", "r-7");
        names.forEach(name -> builder.user(name, name + "-password"));
        admin.createRealm(builder.build());
        try {
            List<String> userIds = new ArrayList<>();
            for (String name : names) {
                userIds.add(admin.get("/admin/realms/" + race + "/users?username=" + name + "&exact=true").expect(200).json()
                        .get(0).path("id").asText());
            }
            String path = "/admin/realms/" + race + "/zero-trust/break-glass";
            atOnce(userIds, id -> admin.put(path + "/" + id, Map.of()).expect(200));
            List<String> marked = new ArrayList<>();
            admin.get(path).expect(200).json().path("accounts").forEach(a -> marked.add(a.path("id").asText()));
            assertThat(marked).as("every admin's mark is kept").containsExactlyInAnyOrderElementsOf(userIds);

            atOnce(userIds.subList(0, 6), id -> admin.delete(path + "/" + id).expect(200));
            List<String> left = new ArrayList<>();
            admin.get(path).expect(200).json().path("accounts").forEach(a -> left.add(a.path("id").asText()));
            assertThat(left).as("every unmark is kept").containsExactlyInAnyOrderElementsOf(userIds.subList(6, 8));
        } finally {
            admin.deleteRealm(race);
        }
    }

    static void atOnce(List<String> ids, Consumer<String> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (String id : ids) {
                calls.add(pool.submit(() -> {
                    start.await();
                    call.accept(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> done : calls) {
                done.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    String flowId(String alias) {
        for (JsonNode flow : admin.get("/admin/realms/" + REALM + "/authentication/flows").expect(200).json()) {
            if (alias.equals(flow.path("alias").asText())) {
                return flow.path("id").asText();
            }
        }
        throw new AssertionError("no flow " + alias);
    }

    String token(String user) {
        return Oidc.passwordGrant(server, REALM, ADMIN_TOOL, user, user + "-password", LONDON).expect(200).json()
                .path("access_token").asText();
    }

    HttpResult call(String method, String path, String token) {
        return Http.sendJson(method, server.baseUrl() + path, null, Map.of("Authorization", "Bearer " + token));
    }

    JsonNode list() {
        return admin.get(BREAK_GLASS).expect(200).json();
    }

    List<String> markedIds() {
        List<String> marked = new ArrayList<>();
        list().path("accounts").forEach(a -> marked.add(a.path("id").asText()));
        return marked;
    }

    JsonNode account(JsonNode list, String name) {
        for (JsonNode account : list.path("accounts")) {
            if (name.equals(account.path("username").asText())) {
                return account;
            }
        }
        throw new AssertionError("no account " + name + " in " + list);
    }

    @Test
    void theListShowsBothAccountsWithWhatWouldStopThemWorking() {
        JsonNode list = list();
        assertThat(markedIds()).containsExactlyInAnyOrder(ids.get("glass-1"), ids.get("glass-2"));
        JsonNode one = account(list, "glass-1");
        assertThat(one.path("enabled").asBoolean()).isTrue();
        assertThat(one.path("federated").asBoolean()).isFalse();
        assertThat(one.path("holdsAdminRole").asBoolean()).isTrue();
        assertThat(one.path("phishingResistant").asBoolean()).isFalse();
        assertThat(one.path("credentialTypes").toString()).contains("password");
        assertThat(one.path("warnings").toString()).contains("no phishing-resistant credential").doesNotContain("holds no admin role");
        assertThat(account(list, "glass-2").path("warnings").toString())
                .contains("no phishing-resistant credential", "holds no admin role");
        assertThat(list.path("ready").asInt()).isZero();
        assertThat(list.path("warnings").toString()).contains("fewer than 2 break-glass accounts are ready");
        assertThat(list.toString()).as("no secret in the list").doesNotContain("-password");
    }

    @Test
    void markingAgainChangesNothingAndSaysSo() {
        String boss = token("boss");
        int adminEvents = admin.adminEvents(REALM).size();
        JsonNode again = call("PUT", BREAK_GLASS + "/" + ids.get("glass-1"), boss).expect(200).json();
        assertThat(again.path("changed").asBoolean()).isFalse();
        assertThat(markedIds()).containsExactlyInAnyOrder(ids.get("glass-1"), ids.get("glass-2"));
        assertThat(admin.adminEvents(REALM)).hasSize(adminEvents);
    }

    @Test
    void markingIsAnAdminEventWithoutSecrets() {
        assertThat(admin.adminEvents(REALM)).anySatisfy(e -> {
            assertThat(e.path("resourcePath").asText()).isEqualTo("zero-trust/break-glass/" + ids.get("glass-1"));
            assertThat(e.path("operationType").asText()).isEqualTo("CREATE");
        });
        assertThat(admin.adminEvents(REALM).toString()).doesNotContain("-password");
    }

    @Test
    void theAssessmentCountsTheMarkedAccountsAndSaysWhatTheyLack() {
        JsonNode assessment = admin.get("/admin/realms/" + REALM + "/zero-trust/assessment").expect(200).json();
        JsonNode check = null;
        for (JsonNode c : assessment.path("checks")) {
            if ("break-glass-accounts".equals(c.path("id").asText())) {
                check = c;
            }
        }
        assertThat(check).isNotNull();
        assertThat(check.path("status").asText()).isEqualTo("fail");
        assertThat(check.path("evidence").asText()).startsWith("0 of 2 break-glass accounts are ready")
                .contains("glass-1 (no phishing-resistant credential");
    }

    @Nested
    class SigningIn {

        @Test
        void aBreakGlassAccountIsLetThroughTheDenyStepAndTheConditionAndTheSignInIsAnAlert() {
            Oidc.passwordGrant(server, REALM, "test-app", "glass-1", "glass-1-password", PYONGYANG).expect(200);

            JsonNode login = Events.await(admin, REALM, "LOGIN", e -> ids.get("glass-1").equals(e.path("userId").asText())
                    && Events.detail(e, "zt_break_glass_exempt") != null);
            assertThat(Events.detail(login, "zt_break_glass_exempt")).contains("from-kp", "deny-everyone");
            JsonNode alert = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                    Events.withDetail("custom_required_action", "zt-break-glass")
                            .and(Events.withDetail("zt_break_glass", "sign-in"))
                            .and(e -> ids.get("glass-1").equals(e.path("userId").asText())));
            assertThat(Events.detail(alert, "zt_keycloak_event")).isEqualTo("LOGIN");
            assertThat(alert.toString()).doesNotContain("glass-1-password").doesNotContain("access_token");
            AlertReceiver.Received webhook = alerts.await(r -> r.body().contains("zero-trust.break-glass-sign-in")
                    && r.body().contains("\"username\":\"glass-1\"") && r.body().contains("signed in"));
            assertThat(webhook.body()).contains("\"level\":\"critical\"").doesNotContain("glass-1-password");
            assertThat(account(list(), "glass-1").path("lastSignIn").asText(null)).as("the list tells the last sign-in")
                    .isNotNull();
        }

        /**
         * The realm's browser flow is Keycloak's own: no zero-trust step runs in it, and still the sign-in of a marked
         * account in a real browser is the critical alert, by event, webhook and e-mail to the alert group.
         */
        @Test
        void aBreakGlassSignInInTheBrowserRaisesTheCriticalAlertByEventWebhookAndEmail() {
            try (Browser browser = Browser.start().from(BROWSER_ADDRESS)) {
                browser.open(server.baseUrl() + "/realms/" + REALM + "/account");
                browser.waitUntil(b -> new LoginPage(b).isShown());
                new LoginPage(browser).signIn("glass-2", "glass-2-password");
                browser.waitUntil(b -> !new LoginPage(b).isShown() && b.currentUrl().contains("/realms/" + REALM + "/account"));
            }

            JsonNode alert = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                    Events.withDetail("custom_required_action", "zt-break-glass")
                            .and(Events.withDetail("zt_break_glass", "sign-in"))
                            .and(e -> BROWSER_ADDRESS.equals(e.path("ipAddress").asText())));
            assertThat(alert.path("userId").asText()).isEqualTo(ids.get("glass-2"));
            assertThat(alert.path("clientId").asText()).isEqualTo("account-console");
            assertThat(Events.detail(alert, "zt_keycloak_event")).isEqualTo("LOGIN");
            assertThat(alert.toString()).doesNotContain("glass-2-password");
            AlertReceiver.Received webhook = alerts.await(r -> r.body().contains("zero-trust.break-glass-sign-in")
                    && r.body().contains(BROWSER_ADDRESS) && r.body().contains("signed in"));
            assertThat(webhook.body()).contains("\"username\":\"glass-2\"").contains("\"level\":\"critical\"")
                    .doesNotContain("glass-2-password");
            SmtpSink.Mail mail = smtp.await(m -> m.data().contains(BROWSER_ADDRESS));
            assertThat(mail.recipients()).containsExactly("boss@example.test");
            assertThat(mail.data()).contains("Subject: Break-glass account signed in or tried: glass-2")
                    .contains("signed in").doesNotContain("glass-2-password");
        }

        @Test
        void anOrdinaryAccountIsRefusedByTheSameFlowFromAnywhere() {
            HttpResult fromLondon = Oidc.passwordGrant(server, REALM, "test-app", "alice", "alice-password", LONDON);
            HttpResult fromKp = Oidc.passwordGrant(server, REALM, "test-app", "alice", "alice-password", PYONGYANG);
            assertThat(fromLondon.status()).isEqualTo(400);
            assertThat(fromLondon.json().path("error").asText()).isEqualTo("access_denied");
            // Refused by Keycloak's own deny step in the sub-flow the country condition leads into.
            // (Keycloak's deny step answers a direct grant with its error page, not JSON.)
            assertThat(fromKp.status()).isBetween(400, 403);
            assertThat(fromLondon.body()).doesNotContain("access_token");
            assertThat(fromKp.body()).doesNotContain("access_token");
        }

        @Test
        void theBreakGlassAccountStillNeedsItsPassword() {
            HttpResult wrong = Oidc.passwordGrant(server, REALM, "test-app", "glass-2", "not-the-password", LONDON);
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.body()).doesNotContain("access_token");
        }

        @Test
        void aFailedTryAtABreakGlassAccountIsAnAlertToo() {
            Oidc.passwordGrant(server, REALM, "test-app", "glass-2", "guessed-password", LONDON);
            JsonNode alert = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                    Events.withDetail("custom_required_action", "zt-break-glass")
                            .and(Events.withDetail("zt_break_glass", "failed-sign-in"))
                            .and(e -> ids.get("glass-2").equals(e.path("userId").asText())));
            assertThat(Events.detail(alert, "zt_break_glass_error")).isEqualTo("invalid_user_credentials");
            assertThat(alert.toString()).doesNotContain("guessed-password");
            alerts.await(r -> r.body().contains("zero-trust.break-glass-sign-in") && r.body().contains("\"username\":\"glass-2\"")
                    && r.body().contains("failed sign-in"));
        }

        @Test
        void anOrdinaryFailedSignInIsNoBreakGlassAlert() {
            admin.clearEvents(REALM);
            Oidc.passwordGrant(server, REALM, "test-app", "plain", "wrong", LONDON).expect(400);
            Events.await(admin, REALM, "LOGIN_ERROR", e -> ids.get("plain").equals(e.path("userId").asText()));
            assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).noneMatch(e -> ids.get("plain").equals(e.path("userId").asText()));
        }
    }

    @Nested
    class WhatIf {

        JsonNode whatIf(String user, String address) {
            return admin.post("/admin/realms/" + REALM + "/zero-trust/what-if",
                    Map.of("user", user, "address", address, "client", "test-app")).expect(200).json();
        }

        JsonNode directGrant(JsonNode answer) {
            for (JsonNode flow : answer.path("flows")) {
                if ("direct_grant".equals(flow.path("binding").asText())) {
                    return flow;
                }
            }
            throw new AssertionError("no direct-grant flow in " + answer);
        }

        @Test
        void whatIfSaysTheBreakGlassAccountIsAllowedAndWhy() {
            JsonNode answer = whatIf("glass-1", PYONGYANG);
            assertThat(directGrant(answer).path("outcome").path("result").asText()).isEqualTo("allowed");
            assertThat(answer.toString()).contains("\"reasonId\":\"break-glass\"").contains("break-glass account");
        }

        @Test
        void whatIfSaysAnOrdinaryAccountIsDenied() {
            JsonNode answer = whatIf("alice", PYONGYANG);
            assertThat(directGrant(answer).path("outcome").path("result").asText()).isEqualTo("denied");
            assertThat(answer.toString()).doesNotContain("\"reasonId\":\"break-glass\"");
        }
    }

    @Nested
    class Attacks {

        @Test
        void aManageUsersAdminWithoutManageRealmCannotMarkAnAccount() {
            List<String> before = markedIds();
            HttpResult result = call("PUT", BREAK_GLASS + "/" + ids.get("alice"), token("usermgr"));
            assertThat(result.status()).isEqualTo(403);
            assertThat(markedIds()).isEqualTo(before).doesNotContain(ids.get("alice"));
        }

        @Test
        void aManageUsersAdminCannotMarkHimselfBreakGlass() {
            List<String> before = markedIds();
            assertThat(call("PUT", BREAK_GLASS + "/" + ids.get("usermgr"), token("usermgr")).status()).isEqualTo(403);
            assertThat(markedIds()).isEqualTo(before).doesNotContain(ids.get("usermgr"));
        }

        @Test
        void anAdminCannotMarkHimselfBreakGlass() {
            List<String> before = markedIds();
            HttpResult result = call("PUT", BREAK_GLASS + "/" + ids.get("boss"), token("boss"));
            assertThat(result.status()).isEqualTo(403);
            assertThat(result.json().path("error").asText()).isEqualTo("own-account");
            assertThat(markedIds()).isEqualTo(before).doesNotContain(ids.get("boss"));
        }

        @Test
        void aViewRealmAdminCannotUnmarkAnAccount() {
            List<String> before = markedIds();
            assertThat(call("DELETE", BREAK_GLASS + "/" + ids.get("glass-1"), token("viewer")).status()).isEqualTo(403);
            assertThat(markedIds()).isEqualTo(before).contains(ids.get("glass-1"));
        }

        @Test
        void aViewRealmAdminCanListButNotMark() {
            String viewer = token("viewer");
            assertThat(call("GET", BREAK_GLASS, viewer).status()).isEqualTo(200);
            List<String> before = markedIds();
            assertThat(call("PUT", BREAK_GLASS + "/" + ids.get("alice"), viewer).status()).isEqualTo(403);
            assertThat(markedIds()).isEqualTo(before);
        }

        @Test
        void markingAUserThatDoesNotExistIsRefused() {
            List<String> before = markedIds();
            HttpResult result = call("PUT", BREAK_GLASS + "/no-such-user-id", token("boss"));
            assertThat(result.status()).isEqualTo(404);
            assertThat(result.json().path("error").asText()).isEqualTo("no-such-user");
            assertThat(markedIds()).isEqualTo(before);
        }

        @Test
        void aServiceAccountCannotBeMarked() {
            List<String> before = markedIds();
            HttpResult result = call("PUT", BREAK_GLASS + "/" + ids.get("robot"), token("boss"));
            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("service-account");
            assertThat(markedIds()).isEqualTo(before);
        }

        @Test
        void aFederatedUserCannotBeMarked() {
            List<String> before = markedIds();
            HttpResult result = call("PUT", BREAK_GLASS + "/" + ids.get("fed"), token("boss"));
            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("federated-user");
            assertThat(markedIds()).isEqualTo(before);
        }

        @Test
        void aSignedInUserWithoutAdminRolesCannotListTheAccounts() {
            String plain = token("plain");
            assertThat(call("GET", BREAK_GLASS, plain).status()).isEqualTo(403);
            List<String> before = markedIds();
            assertThat(call("PUT", BREAK_GLASS + "/" + ids.get("plain"), plain).status()).isEqualTo(403);
            assertThat(call("DELETE", BREAK_GLASS + "/" + ids.get("glass-2"), plain).status()).isEqualTo(403);
            assertThat(markedIds()).isEqualTo(before);
        }

        @Test
        void withoutATokenNothingIsListedOrChanged() {
            assertThat(Http.sendJson("GET", server.baseUrl() + BREAK_GLASS, null, Map.of()).status()).isEqualTo(401);
            List<String> before = markedIds();
            assertThat(Http.sendJson("PUT", server.baseUrl() + BREAK_GLASS + "/" + ids.get("alice"), null, Map.of()).status())
                    .isEqualTo(401);
            assertThat(markedIds()).isEqualTo(before);
        }

        @Test
        void aBreakGlassMarkCannotBeSetThroughTheUserAttributes() {
            String usermgr = token("usermgr");
            JsonNode alice = admin.get("/admin/realms/" + REALM + "/users/" + ids.get("alice")).expect(200).json();
            ((ObjectNode) alice).putObject("attributes").putArray("zt.break-glass.accounts").add(ids.get("alice"));
            Http.sendJson("PUT", server.baseUrl() + "/admin/realms/" + REALM + "/users/" + ids.get("alice"), alice.toString(),
                    Map.of("Authorization", "Bearer " + usermgr));
            assertThat(markedIds()).doesNotContain(ids.get("alice"));
            assertThat(Oidc.passwordGrant(server, REALM, "test-app", "alice", "alice-password", LONDON).status()).isEqualTo(400);
        }
    }

    @Nested
    class Unmarking {

        @Test
        void aMarkThatOutlivesItsUserIsListedAsGoneAndCanBeRemoved() {
            admin.post("/admin/realms/" + REALM + "/users", Map.of("username", "temp", "enabled", true)).expect(201);
            String temp = admin.get("/admin/realms/" + REALM + "/users?username=temp&exact=true").expect(200).json().get(0)
                    .path("id").asText();
            String boss = token("boss");
            call("PUT", BREAK_GLASS + "/" + temp, boss).expect(200);
            admin.delete("/admin/realms/" + REALM + "/users/" + temp).expect(204);

            JsonNode gone = null;
            for (JsonNode account : list().path("accounts")) {
                if (temp.equals(account.path("id").asText())) {
                    gone = account;
                }
            }
            assertThat(gone).isNotNull();
            assertThat(gone.path("exists").asBoolean()).isFalse();
            assertThat(gone.path("warnings").toString()).contains("the user no longer exists");
            assertThat(call("DELETE", BREAK_GLASS + "/" + temp, boss).expect(200).json().path("changed").asBoolean()).isTrue();
            assertThat(markedIds()).doesNotContain(temp).contains(ids.get("glass-1"), ids.get("glass-2"));
        }

        @Test
        void aRealmAdminUnmarksAndMarksAgainAndBothAreIdempotent() {
            String boss = token("boss");
            JsonNode off = call("DELETE", BREAK_GLASS + "/" + ids.get("glass-2"), boss).expect(200).json();
            try {
                assertThat(off.path("changed").asBoolean()).isTrue();
                assertThat(markedIds()).doesNotContain(ids.get("glass-2"));
                assertThat(call("DELETE", BREAK_GLASS + "/" + ids.get("glass-2"), boss).expect(200).json().path("changed")
                        .asBoolean()).isFalse();
                // Unmarked, the same account is refused by the same flow.
                assertThat(Oidc.passwordGrant(server, REALM, "test-app", "glass-2", "glass-2-password", LONDON).status())
                        .isEqualTo(400);
            } finally {
                call("PUT", BREAK_GLASS + "/" + ids.get("glass-2"), boss).expect(200);
            }
            assertThat(markedIds()).contains(ids.get("glass-2"));
        }
    }
}
