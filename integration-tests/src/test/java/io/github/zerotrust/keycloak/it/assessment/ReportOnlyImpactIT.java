package io.github.zerotrust.keycloak.it.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The report-only impact: each rule now in report-only, with the sign-ins it would have affected and who, counted from
 * the realm's saved sign-in events; a rule already enforced is not listed; reading it needs view-realm, view-users and
 * view-events, and changes nothing.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportOnlyImpactIT {

    static final String REALM = "it-report-only-impact";
    static final String IMPACT = "/admin/realms/" + REALM + "/zero-trust/assessment/report-only";
    static final String ADDRESS = "192.0.2.10";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("alice", "alice-password").user("amir", "amir-password").user("bob", "bob-password")
                .user("viewer", "viewer-password").user("auditor", "auditor-password")
                .group("contractors", "alice", "amir").group("auditors").group("blocked")
                .passwordGrantClient("test-app")
                .directGrantFlow(Flow.topLevel("impact direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("impact contractors")
                                .required("zt-condition-applies-to", "contractors-watch",
                                        Map.of("zt.applies-to.groups", "contractors", "zt.applies-to.report-only", "true"))
                                .required("zt-deny-access", "deny-contractors", Map.of()))
                        .conditional(Flow.sub("impact auditors")
                                .required("zt-condition-applies-to", "auditors-watch",
                                        Map.of("zt.applies-to.groups", "auditors", "zt.applies-to.report-only", "true"))
                                .required("zt-deny-access", "deny-auditors", Map.of()))
                        .conditional(Flow.sub("impact blocked")
                                .required("zt-condition-applies-to", "blocked-enforced",
                                        Map.of("zt.applies-to.groups", "blocked", "zt.applies-to.report-only", "false"))
                                .required("zt-deny-access", "deny-blocked", Map.of())))
                .build());
        adminRoles("viewer", "view-realm", "view-users");
        adminRoles("auditor", "view-realm", "view-users", "view-events");
        // Report-only: alice and amir are let in, and each sign-in says what the rule would have done.
        for (int i = 0; i < 3; i++) {
            signIn("alice", "alice-password").expect(200);
        }
        signIn("amir", "amir-password").expect(200);
        signIn("bob", "bob-password").expect(200);
        // A wrong password ends the sign-in before the rule is met: it is not one the rule affected.
        assertThat(signIn("amir", "wrong").status()).isIn(400, 401);
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    HttpResult signIn(String user, String password) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, password, ADDRESS);
    }

    void adminRoles(String user, String... roles) {
        String client = admin.get("/admin/realms/" + REALM + "/clients?clientId=realm-management").expect(200).json().get(0)
                .path("id").asText();
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
        List<JsonNode> reps = java.util.Arrays.stream(roles)
                .map(r -> admin.get("/admin/realms/" + REALM + "/clients/" + client + "/roles/" + r).expect(200).json()).toList();
        admin.post("/admin/realms/" + REALM + "/users/" + userId + "/role-mappings/clients/" + client, reps).expect(204);
    }

    String token(String user) {
        return signIn(user, user + "-password").expect(200).json().path("access_token").asText();
    }

    HttpResult call(String path, String token) {
        return Http.sendJson("GET", server.baseUrl() + path, null, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    static Map<String, JsonNode> rules(JsonNode impact) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        impact.path("rules").forEach(r -> rules.put(r.path("rule").asText(), r));
        return rules;
    }

    @Test
    void eachReportOnlyRuleCountsTheSignInsItWouldHaveAffectedAndNamesWho() {
        JsonNode impact = admin.get(IMPACT).expect(200).json();

        assertThat(impact.path("loginEventsSaved").asBoolean()).isTrue();
        Map<String, JsonNode> rules = rules(impact);
        assertThat(rules).containsOnlyKeys("contractors-watch", "auditors-watch");
        JsonNode contractors = rules.get("contractors-watch");
        assertThat(contractors.path("flow").asText()).isEqualTo("impact contractors");
        assertThat(contractors.path("step").asText()).isEqualTo("zt-condition-applies-to");
        // alice three times, amir once (his wrong password stopped before the rule): four sign-ins, all today.
        assertThat(contractors.path("signIns").path("lastDay").asInt()).isEqualTo(4);
        assertThat(contractors.path("signIns").path("last7Days").asInt()).isEqualTo(4);
        assertThat(contractors.path("signIns").path("last30Days").asInt()).isEqualTo(4);
        assertThat(contractors.path("users")).hasSize(2);
        assertThat(contractors.path("users").get(0).path("username").asText()).isEqualTo("alice");
        assertThat(contractors.path("users").get(0).path("signIns").asInt()).isEqualTo(3);
        assertThat(contractors.path("users").get(1).path("username").asText()).isEqualTo("amir");
        assertThat(contractors.path("users").get(1).path("signIns").asInt()).isEqualTo(1);
        assertThat(contractors.toString()).as("bob is not a contractor").doesNotContain("bob");
        JsonNode auditors = rules.get("auditors-watch");
        assertThat(auditors.path("signIns").path("last30Days").asInt()).as("nobody is an auditor").isZero();
        assertThat(auditors.path("users")).isEmpty();
    }

    @Test
    void aRuleSwitchedFromReportOnlyToEnforcedIsNoLongerListed() {
        assertThat(rules(admin.get(IMPACT).expect(200).json())).doesNotContainKey("blocked-enforced");
    }

    @Test
    void anAdminWhoMayViewTheRealmAndItsUsersButNotItsEventsCannotReadTheImpact() {
        HttpResult refused = call(IMPACT, token("viewer"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("alice").doesNotContain("contractors-watch");
    }

    @Test
    void anAdminWhoMayViewTheRealmItsUsersAndItsEventsReadsTheImpact() {
        HttpResult read = call(IMPACT, token("auditor"));

        assertThat(read.status()).isEqualTo(200);
        assertThat(rules(read.json())).containsKey("contractors-watch");
    }

    @Test
    void aSignedInUserWithoutAdminRolesCannotReadTheImpact() {
        HttpResult refused = call(IMPACT, token("bob"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("alice");
        assertThat(call(IMPACT, null).status()).isEqualTo(401);
    }

    @Test
    void readingTheImpactChangesNothing() {
        String before = admin.get(IMPACT).expect(200).json().path("rules").toString();
        JsonNode flows = admin.get("/admin/realms/" + REALM + "/authentication/flows/impact%20contractors/executions").expect(200).json();

        admin.get(IMPACT).expect(200);

        assertThat(admin.get(IMPACT).expect(200).json().path("rules").toString()).isEqualTo(before);
        assertThat(admin.get("/admin/realms/" + REALM + "/authentication/flows/impact%20contractors/executions").expect(200).json())
                .isEqualTo(flows);
    }

    @Test
    void anUnknownQueryParameterIsRefusedByName() {
        HttpResult refused = admin.get(IMPACT + "?days=7");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("unknown-parameter");
        assertThat(refused.body()).contains("days");
    }
}
