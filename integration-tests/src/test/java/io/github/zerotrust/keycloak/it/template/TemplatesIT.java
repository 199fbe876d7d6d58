package io.github.zerotrust.keycloak.it.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Roadmap templates against the real server: Foundation installed in one step makes the template flows, binds them
 * through the lockout guard and changes nobody's sign-in (every rule report-only); a rule is promoted through the guard;
 * a view-realm admin may look but not change. The tests build on each other in order (install, then promote). The
 * maturity assessment is read on three realms of their own: empty, Foundation promoted, all three promoted.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TemplatesIT {

    static final String REALM = "templates";
    static final String EMPTY = "templates-maturity-empty";
    static final String FOUNDATION = "templates-maturity-foundation";
    static final String ALL = "templates-maturity-all";
    static final String LOCKED = "templates-locked-grants";
    static final String LONDON = "192.0.2.10";
    static final String NORTH_KOREA = "198.51.100.7";
    static final String FOUNDATION_PARAMETERS = "{\"parameters\": {\"blockedCountries\": [\"KP\"], \"passwordGrantClients\": [\"test-app\"]}}";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;

    @BeforeAll
    void start(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        for (String realm : List.of(REALM, EMPTY, FOUNDATION, ALL, LOCKED)) {
            admin.deleteRealm(realm);
        }
        this.app = AppServer.start();
        ObjectNode realm = RealmBuilder.realm(REALM).passwordGrantClient("test-app").client("web-app", List.of(app.callback()))
                .user("alice", "alice-password").user("vera", "vera-password").user("staff", "staff-password").build();
        for (JsonNode u : realm.get("users")) {
            ObjectNode user = (ObjectNode) u;
            switch (user.path("username").asText()) {
                case "alice" -> user.putObject("clientRoles").putArray("realm-management").add("realm-admin");
                case "vera" -> user.putObject("clientRoles").putArray("realm-management").add("view-realm").add("view-users");
                default -> { }
            }
        }
        admin.createRealm(realm);
        // Its bound direct-grant flow already refuses admin-cli, with which the guard signs admins in: a copy of it cannot be bound.
        ObjectNode locked = RealmBuilder.realm(LOCKED).passwordGrantClient("test-app").user("alice", "alice-password")
                .directGrantFlow(io.github.zerotrust.keycloak.it.harness.Flow.topLevel("strict grant")
                        .required("zt-block-password-grant", "only-test-app", Map.of("allowed_clients", "test-app"))
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password"))
                .build();
        ((ObjectNode) locked.get("users").get(0)).putObject("clientRoles").putArray("realm-management").add("realm-admin");
        admin.createRealm(locked);
        // Each maturity realm has one user with a password only and no admin of its own: the master admin installs.
        for (String name : List.of(EMPTY, FOUNDATION, ALL)) {
            admin.createRealm(RealmBuilder.realm(name).user("pat", "pat-password").build());
        }
    }

    @AfterAll
    void cleanUp() {
        app.close();
        for (String realm : List.of(REALM, EMPTY, FOUNDATION, ALL, LOCKED)) {
            admin.deleteRealm(realm);
        }
    }

    String token(String user) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", LONDON).expect(200).json()
                .path("access_token").asText();
    }

    HttpResult call(String method, String path, String user, String body) {
        return Http.sendJson(method, server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/templates" + path, body,
                Map.of("Authorization", "Bearer " + token(user), "X-Forwarded-For", LONDON));
    }

    HttpResult list(String user) {
        return Http.get(server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/templates",
                Map.of("Authorization", "Bearer " + token(user), "X-Forwarded-For", LONDON));
    }

    static JsonNode template(JsonNode list, String id) {
        for (JsonNode t : list.path("templates")) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("No template " + id + " in " + list);
    }

    static Map<String, String> ruleStates(JsonNode template) {
        Map<String, String> states = new LinkedHashMap<>();
        template.path("rules").forEach(r -> states.put(r.path("id").asText(), r.path("state").asText()));
        return states;
    }

    /** What the tests compare to say "nothing changed": bindings, the template record and every flow's alias. */
    String realmSnapshot(String realm) {
        JsonNode rep = admin.get("/admin/realms/" + realm).expect(200).json();
        List<String> flows = new ArrayList<>();
        admin.get("/admin/realms/" + realm + "/authentication/flows").expect(200).json()
                .forEach(f -> flows.add(f.path("alias").asText()));
        flows.sort(String::compareTo);
        return rep.path("browserFlow").asText() + "|" + rep.path("directGrantFlow").asText() + "|"
                + rep.path("attributes").path("zt.templates").asText("") + "|" + rep.path("bruteForceProtected").asText() + "|" + flows;
    }

    String stepConfig(String realm, String flow, String configAlias) {
        for (JsonNode e : admin.get("/admin/realms/" + realm + "/authentication/flows/" + Http.enc(flow).replace("+", "%20")
                + "/executions").expect(200).json()) {
            if (e.has("authenticationConfig")) {
                JsonNode c = admin.get("/admin/realms/" + realm + "/authentication/config/" + e.path("authenticationConfig").asText())
                        .expect(200).json();
                if (configAlias.equals(c.path("alias").asText())) {
                    return c.path("config").toString();
                }
            }
        }
        throw new AssertionError("No step " + configAlias + " in " + flow);
    }

    long templateEvents(String suffix) {
        return admin.adminEvents(REALM).stream().filter(e -> e.path("resourcePath").asText().startsWith("zero-trust/templates")
                && e.path("resourcePath").asText().endsWith(suffix)).count();
    }

    @Test
    @Order(1)
    void aViewRealmAdminCanListAndPreviewButCannotInstallATemplate() {
        String before = realmSnapshot(REALM);

        HttpResult listed = list("vera");
        HttpResult preview = call("POST", "/foundation/preview", "vera", FOUNDATION_PARAMETERS);
        HttpResult install = call("POST", "/foundation/install", "vera", FOUNDATION_PARAMETERS);

        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().path("templates")).extracting(t -> t.path("id").asText())
                .containsExactly("foundation", "intermediate", "advanced", "partners");
        assertThat(template(listed.json(), "foundation").path("installed").asBoolean()).isFalse();
        assertThat(template(listed.json(), "foundation").path("parameters").path("graceDays").asInt()).isEqualTo(14);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().path("changes")).extracting(c -> c.path("action").asText() + " " + c.path("target").asText())
                .contains("create-flow zero-trust browser", "create-flow zero-trust direct grant", "add-rule foundation-countries",
                        "bind-flow zero-trust browser", "bind-flow zero-trust direct grant");
        assertThat(install.status()).as(install.toString()).isEqualTo(403);
        assertThat(realmSnapshot(REALM)).as("a preview and a refused install change nothing").isEqualTo(before);
    }

    @Test
    @Order(2)
    void badParametersAreRefusedWithTheFieldAndNothingChanges() {
        String before = realmSnapshot(REALM);

        HttpResult refused = call("POST", "/foundation/install", "alice",
                "{\"parameters\": {\"blockedCountries\": [\"XX9\"], \"graceDays\": 500, \"passwordGrantClients\": [\"no-such-app\"]}}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid-parameters");
        assertThat(refused.json().path("error_description").asText()).contains("blockedCountries: 'XX9'", "graceDays: must be from 0 to 90",
                "passwordGrantClients: no client 'no-such-app'");
        assertThat(realmSnapshot(REALM)).isEqualTo(before);
    }

    @Test
    @Order(3)
    void unknownTemplatesAndRulesAreNotFoundAndARuleOfATemplateNotInstalledIsRefused() {
        HttpResult noTemplate = call("POST", "/expert/preview", "alice", "");
        HttpResult noRule = call("POST", "/foundation/rules/foundation-nothing/promote", "alice", "");
        HttpResult notInstalled = call("POST", "/intermediate/rules/intermediate-brute-force/promote", "alice", "");

        assertThat(noTemplate.status()).isEqualTo(404);
        assertThat(noTemplate.json().path("error").asText()).isEqualTo("no-such-template");
        assertThat(noRule.status()).isEqualTo(404);
        assertThat(noRule.json().path("error").asText()).isEqualTo("no-such-rule");
        assertThat(notInstalled.status()).as(notInstalled.toString()).isEqualTo(409);
        assertThat(notInstalled.json().path("error").asText()).isEqualTo("template-not-installed");
        assertThat(admin.get("/admin/realms/" + REALM).expect(200).json().path("bruteForceProtected").asBoolean()).isFalse();
    }

    @Test
    @Order(4)
    void installingFoundationCreatesAndBindsTheFlowsWithEveryRuleReportOnly() {
        HttpResult installed = call("POST", "/foundation/install", "alice", FOUNDATION_PARAMETERS);

        assertThat(installed.status()).as(installed.toString()).isEqualTo(200);
        assertThat(installed.json().path("installed").asBoolean()).isTrue();
        assertThat(installed.json().path("changes")).hasSize(10);
        JsonNode rep = admin.get("/admin/realms/" + REALM).expect(200).json();
        assertThat(rep.path("browserFlow").asText()).isEqualTo("zero-trust browser");
        assertThat(rep.path("directGrantFlow").asText()).isEqualTo("zero-trust direct grant");
        assertThat(rep.path("attributes").path("zt.templates").asText()).contains("\"foundation\"", "\"KP\"");
        JsonNode foundation = template(list("alice").json(), "foundation");
        assertThat(foundation.path("installed").asBoolean()).isTrue();
        assertThat(ruleStates(foundation).values()).hasSize(6).allMatch("report-only"::equals);
        assertThat(stepConfig(REALM, "zero-trust direct grant", "foundation-countries-direct-grant-blocked")).contains("\"report_only\":\"true\"");
        assertThat(templateEvents("/foundation/install")).isEqualTo(1);
        assertThat(admin.adminEvents(REALM)).as("each binding went through the lockout guard")
                .filteredOn(e -> e.path("resourcePath").asText().startsWith("zero-trust/guard/bind")).hasSize(2);
    }

    @Test
    @Order(5)
    void aSignInFromABlockedCountryIsNotRefusedWhileTheRuleIsReportOnly() {
        admin.clearEvents(REALM);

        HttpResult signIn = Oidc.passwordGrant(server, REALM, "test-app", "staff", "staff-password", NORTH_KOREA);

        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> NORTH_KOREA.equals(e.path("ipAddress").asText()));
        assertThat(Events.detail(event, "zt_report_only")).contains("foundation-countries-direct-grant-blocked: would match");
    }

    @Test
    @Order(6)
    void installingTwiceChangesNothing() {
        String before = realmSnapshot(REALM);
        String config = stepConfig(REALM, "zero-trust browser", "foundation-mfa-require");

        HttpResult again = call("POST", "/foundation/install", "alice", "");

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("changes")).isEmpty();
        assertThat(again.json().path("kept")).extracting(k -> k.path("why").asText()).contains("already there");
        assertThat(realmSnapshot(REALM)).isEqualTo(before);
        assertThat(stepConfig(REALM, "zero-trust browser", "foundation-mfa-require")).isEqualTo(config);
        assertThat(templateEvents("/foundation/install")).as("no change, no event").isEqualTo(1);
    }

    @Test
    @Order(7)
    void anAdminsEditOfARuleIsKeptOnReinstall() {
        admin.updateAuthenticatorConfig(REALM, "zero-trust browser", "foundation-mfa-require", Map.of("grace_days", "30"));

        HttpResult again = call("POST", "/foundation/install", "alice", "");

        assertThat(again.json().path("changes")).isEmpty();
        assertThat(again.json().path("kept").toString()).contains("foundation-mfa", "kept as it is");
        assertThat(stepConfig(REALM, "zero-trust browser", "foundation-mfa-require")).contains("\"grace_days\":\"30\"");
        assertThat(ruleStates(template(list("alice").json(), "foundation"))).containsEntry("foundation-mfa", "edited");
    }

    @Test
    @Order(8)
    void promotingARuleThatWouldLockOutEveryAdminIsRefusedAndNothingChanges() {
        // Blocking password grants for every client but test-app refuses admin-cli, with which the guard signs admins in.
        HttpResult refused = call("POST", "/foundation/rules/foundation-password-grants/promote", "alice", "");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("would-lock-out");
        assertThat(stepConfig(REALM, "zero-trust direct grant", "foundation-password-grants-everyone")).contains("\"zt.applies-to.report-only\":\"true\"");
        assertThat(ruleStates(template(list("alice").json(), "foundation"))).containsEntry("foundation-password-grants", "report-only");
    }

    @Test
    @Order(9)
    void aViewRealmAdminCannotPromoteARule() {
        HttpResult refused = call("POST", "/foundation/rules/foundation-countries-direct-grant/promote", "vera", "");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(stepConfig(REALM, "zero-trust direct grant", "foundation-countries-direct-grant-blocked")).contains("\"report_only\":\"true\"");
    }

    @Test
    @Order(10)
    void promotingTheCountryRuleRefusesSignInsFromThatCountry() {
        HttpResult promoted = call("POST", "/foundation/rules/foundation-countries-direct-grant/promote", "alice", "");

        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().path("decision").asText()).isIn("allow", "warn");
        assertThat(promoted.json().path("changed").asBoolean()).isTrue();
        assertThat(stepConfig(REALM, "zero-trust direct grant", "foundation-countries-direct-grant-blocked")).contains("\"report_only\":\"false\"");
        HttpResult fromNorthKorea = Oidc.passwordGrant(server, REALM, "test-app", "staff", "staff-password", NORTH_KOREA);
        assertThat(fromNorthKorea.status()).as(fromNorthKorea.body()).isEqualTo(400);
        assertThat(fromNorthKorea.json().path("error").asText()).isEqualTo("access_denied");
        assertThat(Oidc.passwordGrant(server, REALM, "test-app", "staff", "staff-password", LONDON).status()).isEqualTo(200);
        assertThat(ruleStates(template(list("alice").json(), "foundation"))).containsEntry("foundation-countries-direct-grant", "enforced");
    }

    @Test
    @Order(11)
    void aBrowserSignInThroughTheTemplateFlowFromABlockedCountryIsOnlyReported() {
        admin.clearEvents(REALM);
        Browser browser = Browser.start();
        try {
            browser.from(NORTH_KOREA).open(Oidc.authorizationUrl(server, REALM, "web-app", app.callback()));
            new LoginPage(browser).signIn("staff", "staff-password");

            assertThat(new AppPage(browser).isShown()).as(browser.currentUrl()).isTrue();
        } finally {
            browser.close();
        }
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> "web-app".equals(e.path("clientId").asText()));
        assertThat(Events.detail(event, "zt_report_only")).contains("foundation-countries-blocked: would match");
        assertThat(Events.detail(event, "zt_country")).isEqualTo("KP");
    }

    @Test
    @Order(12)
    void anInstallWhoseBindingTheGuardRefusesIsRolledBackWhole() {
        String before = realmSnapshot(LOCKED);

        HttpResult refused = admin.send("POST", "/admin/realms/" + LOCKED + "/zero-trust/templates/foundation/install", "",
                "application/json");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("would-lock-out");
        assertThat(refused.json().path("error_description").asText()).contains("alice");
        assertThat(realmSnapshot(LOCKED)).as("no flow made, nothing bound, nothing recorded").isEqualTo(before);
    }

    // ---- maturity on three realms

    HttpResult asMaster(String method, String realm, String path, String body) {
        return admin.send(method, "/admin/realms/" + realm + "/zero-trust" + path, body, "application/json");
    }

    void installAndPromote(String realm, String template, String body) {
        asMaster("POST", realm, "/templates/" + template + "/install", body).expect(200);
        JsonNode listed = admin.get("/admin/realms/" + realm + "/zero-trust/templates").expect(200).json();
        for (JsonNode rule : template(listed, template).path("rules")) {
            if (!rule.path("state").asText().equals("absent")) {
                HttpResult promoted = asMaster("POST", realm, "/templates/" + template + "/rules/" + rule.path("id").asText() + "/promote", "");
                assertThat(promoted.status()).as(rule.path("id").asText() + ": " + promoted).isEqualTo(200);
            }
        }
    }

    Map<String, String> maturity(String realm) {
        Map<String, String> statuses = new LinkedHashMap<>();
        JsonNode answer = admin.get("/admin/realms/" + realm + "/zero-trust/assessment").expect(200).json();
        answer.path("checks").forEach(c -> statuses.put(c.path("id").asText(), c.path("status").asText()
                + (c.path("template").asText("").isEmpty() ? "" : " (" + c.path("template").asText() + ")")));
        return statuses;
    }

    @Test
    @Order(20)
    void maturityOfAnEmptyRealmNamesTheTemplateThatFixesEachCheck() {
        assertThat(maturity(EMPTY)).containsExactlyEntriesOf(expected(Map.of()));
    }

    @Test
    @Order(21)
    void maturityWithFoundationPromoted() {
        installAndPromote(FOUNDATION, "foundation", "{\"parameters\": {\"blockedCountries\": [\"KP\"]}}");

        assertThat(maturity(FOUNDATION)).containsExactlyEntriesOf(expected(Map.of(
                "password-grants", "pass (foundation)",
                "zero-trust-steps", "partial (intermediate)")));
    }

    @Test
    @Order(22)
    void maturityWithAllThreePromoted() {
        installAndPromote(ALL, "foundation", "{\"parameters\": {\"blockedCountries\": [\"KP\"]}}");
        installAndPromote(ALL, "intermediate", "");
        installAndPromote(ALL, "advanced", "");

        assertThat(maturity(ALL)).containsExactlyEntriesOf(expected(Map.of(
                "password-grants", "pass (foundation)",
                "brute-force-protection", "pass (intermediate)",
                "zero-trust-steps", "pass (intermediate)",
                "refresh-reevaluation", "pass (advanced)")));
    }

    /**
     * A new realm with one password-only user and no admin of its own: no admin, privileged user or standing holder
     * (not applicable), no second factor, admin-cli allows the password grant unused (partial), Keycloak's session
     * defaults (short), events saved by the test realm; then {@code changed} on top.
     */
    static Map<String, String> expected(Map<String, String> changed) {
        Map<String, String> statuses = new LinkedHashMap<>();
        statuses.put("admins-second-factor", "not-applicable (foundation)");
        statuses.put("users-second-factor", "fail (foundation)");
        statuses.put("password-grants", "partial (foundation)");
        statuses.put("brute-force-protection", "fail (intermediate)");
        statuses.put("password-policy", "fail");
        statuses.put("events-saved", "pass");
        statuses.put("break-glass-accounts", "fail");
        statuses.put("standing-privileged-access", "not-applicable (intermediate)");
        statuses.put("zero-trust-steps", "fail (intermediate)");
        statuses.put("short-sessions", "pass");
        statuses.put("phishing-resistant-privileged", "not-applicable (advanced)");
        statuses.put("refresh-reevaluation", "fail (advanced)");
        statuses.put("guests-sponsored", "not-applicable");
        statuses.putAll(changed);
        return statuses;
    }
}
