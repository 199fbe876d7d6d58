package io.github.zerotrust.keycloak.it.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The maturity assessment through /admin/realms/{realm}/zero-trust/assessment on a realm made weak on purpose: the
 * evidence names the realm's real numbers, a fix flips exactly its check and raises the score, snapshots keep the
 * progress, and only admins with the rights to see users read it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssessmentIT {

    static final String REALM = "it-assessment";
    static final String QUIET = "it-assessment-quiet";
    static final String ASSESSMENT = "/admin/realms/" + REALM + "/zero-trust/assessment";
    static final String ADDRESS = "192.0.2.10";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealms(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.deleteRealm(QUIET);
        // Six people: five with an admin role of some kind, one of them (otto) with an authenticator app.
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .userWithOtp("otto", "otto-password", "JBSWY3DPEHPK3PXP")
                .user("viewer", "viewer-password")
                .user("auditor", "auditor-password")
                .user("manager", "manager-password")
                .user("carol", "carol-password")
                .passwordGrantClient("test-app")
                .passwordGrantClient("legacy-app")
                .build());
        adminRoles("alice", "realm-admin");
        adminRoles("otto", "manage-users");
        adminRoles("viewer", "view-realm");
        adminRoles("auditor", "view-realm", "view-users");
        adminRoles("manager", "manage-realm");
        // A legacy script signs carol in with her password three times; a wrong password is a failure, not a use.
        for (int i = 0; i < 3; i++) {
            Oidc.passwordGrant(server, REALM, "legacy-app", "carol", "carol-password", ADDRESS).expect(200);
        }
        Oidc.passwordGrant(server, REALM, "legacy-app", "carol", "wrong", ADDRESS).expect(400);

        ObjectNode quiet = RealmBuilder.realm(QUIET)
                .user("dora", "dora-password")
                .passwordGrantClient("test-app")
                .browserFlow(Flow.topLevel("quiet browser")
                        .required(Flow.standardSignIn("quiet browser"))
                        .conditional(Flow.sub("quiet browser abroad")
                                .required("zt-condition-country", "abroad", Map.of("countries", "GB", "match", "not-in"))
                                .required("zt-deny-access", "deny-abroad", Map.of())))
                // The suite refuses the password grant to every client but test-app, although Keycloak allows it.
                .directGrantFlow(Flow.topLevel("quiet direct grant")
                        .required("zt-block-password-grant", "only-test-app", Map.of("allowed_clients", "test-app"))
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password"))
                .build();
        quiet.put("eventsEnabled", false);
        quiet.put("adminEventsEnabled", false);
        quiet.put("bruteForceProtected", true);
        quiet.put("failureFactor", 30);
        quiet.put("passwordPolicy", "length(8)");
        admin.createRealm(quiet);
        admin.put("/admin/realms/" + QUIET + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "judge-refresh", "executors", List.of(Map.of("executor", "zt-continuous-access", "configuration", Map.of()))))))
                .expect(204);
        admin.put("/admin/realms/" + QUIET + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "every-refresh", "enabled", true,
                "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                "profiles", List.of("judge-refresh"))))).expect(204);
    }

    @AfterAll
    void deleteRealms() {
        admin.deleteRealm(REALM);
        admin.deleteRealm(QUIET);
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
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", ADDRESS).expect(200).json()
                .path("access_token").asText();
    }

    HttpResult call(String method, String path, String token) {
        return Http.sendJson(method, server.baseUrl() + path, null, Map.of("Authorization", "Bearer " + token));
    }

    static Map<String, JsonNode> checks(JsonNode assessment) {
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        assessment.path("checks").forEach(c -> checks.put(c.path("id").asText(), c));
        return checks;
    }

    static Map<String, String> statuses(JsonNode assessment) {
        Map<String, String> statuses = new LinkedHashMap<>();
        checks(assessment).forEach((id, c) -> statuses.put(id, c.path("status").asText()));
        return statuses;
    }

    JsonNode history() {
        return admin.get(ASSESSMENT + "/history").expect(200).json();
    }

    void bruteForce(boolean on) {
        admin.put("/admin/realms/" + REALM, Map.of("bruteForceProtected", on, "failureFactor", 5)).expect(204);
    }

    @Test
    void aRealmMadeWeakOnPurposeScoresLowAndTheEvidenceNamesItsNumbers() {
        JsonNode assessment = admin.get(ASSESSMENT).expect(200).json();
        Map<String, JsonNode> checks = checks(assessment);

        assertThat(statuses(assessment)).containsExactly(
                Map.entry("admins-second-factor", "fail"),
                Map.entry("users-second-factor", "fail"),
                Map.entry("password-grants", "fail"),
                Map.entry("brute-force-protection", "fail"),
                Map.entry("password-policy", "fail"),
                Map.entry("events-saved", "pass"),
                Map.entry("break-glass-accounts", "fail"),
                Map.entry("standing-privileged-access", "fail"),
                Map.entry("zero-trust-steps", "fail"),
                Map.entry("short-sessions", "pass"),
                Map.entry("phishing-resistant-privileged", "fail"),
                Map.entry("refresh-reevaluation", "fail"),
                Map.entry("guests-sponsored", "not-applicable"));
        // Earned 8 (events, sessions) of the 78 that apply; foundation 4 of 44, intermediate 4 of 20, advanced 0 of 14.
        assertThat(assessment.path("score").path("overall").asInt()).isEqualTo(10);
        assertThat(assessment.path("score").path("foundation").asInt()).isEqualTo(9);
        assertThat(assessment.path("score").path("intermediate").asInt()).isEqualTo(20);
        assertThat(assessment.path("score").path("advanced").asInt()).isZero();

        assertThat(checks.get("users-second-factor").path("evidence").asText()).isEqualTo("5 of 6 users have no second factor.");
        assertThat(checks.get("admins-second-factor").path("evidence").asText())
                .startsWith("4 of 5 users with an admin role have no second factor: ")
                .contains("alice", "auditor", "manager", "viewer").doesNotContain("otto");
        assertThat(checks.get("standing-privileged-access").path("evidence").asText()).isEqualTo(
                "1 user holds client:realm-management:realm-admin permanently (alice); no just-in-time eligibilities.");
        assertThat(checks.get("phishing-resistant-privileged").path("evidence").asText())
                .startsWith("5 of 5 privileged users have no security key or passkey: ");
        assertThat(checks.get("password-grants").path("evidence").asText())
                .startsWith("3 clients allow the password grant: admin-cli (not used in the last 7 days), "
                        + "legacy-app (used 3 times in the last 7 days), test-app (");
        assertThat(checks.get("brute-force-protection").path("evidence").asText())
                .isEqualTo("Brute-force detection is off: passwords can be guessed without limit.");
        assertThat(checks.get("zero-trust-steps").path("evidence").asText())
                .isEqualTo("0 of 4 kinds of step in the bound browser flow; missing: location, risk, device, strength.");
        assertThat(checks.get("break-glass-accounts").path("evidence").asText()).startsWith("No account is marked break-glass");
        assertThat(checks.get("refresh-reevaluation").path("guide").asText()).startsWith("README.md#");
        assertThat(assessment.toString()).as("no secret of the realm in the answer")
                .doesNotContain(RealmBuilder.CLIENT_SECRET).doesNotContain("JBSWY3DPEHPK3PXP").doesNotContain("-password");
    }

    @Test
    void turningOnBruteForceProtectionFlipsExactlyThatCheckAndTheHistoryShowsBothSnapshots() {
        int before = history().size();
        JsonNode weak = admin.get(ASSESSMENT).expect(200).json();
        JsonNode first = admin.post(ASSESSMENT + "/snapshots", null).expect(201).json();
        bruteForce(true);
        try {
            JsonNode fixed = admin.get(ASSESSMENT).expect(200).json();
            JsonNode second = admin.post(ASSESSMENT + "/snapshots", null).expect(201).json();

            Map<String, String> expected = new LinkedHashMap<>(statuses(weak));
            expected.put("brute-force-protection", "pass");
            assertThat(statuses(fixed)).isEqualTo(expected);
            assertThat(checks(fixed).get("brute-force-protection").path("evidence").asText())
                    .isEqualTo("Brute-force detection is on and locks after 5 failures.");
            assertThat(fixed.path("score").path("overall").asInt()).isEqualTo(18)
                    .isGreaterThan(weak.path("score").path("overall").asInt());
            assertThat(fixed.path("score").path("foundation").asInt()).isEqualTo(23);

            JsonNode history = history();
            assertThat(history).hasSize(before + 2);
            JsonNode older = history.get(history.size() - 2);
            JsonNode newer = history.get(history.size() - 1);
            assertThat(older.path("overall").asInt()).isEqualTo(10).isEqualTo(first.path("overall").asInt());
            assertThat(newer.path("overall").asInt()).isEqualTo(18).isEqualTo(second.path("overall").asInt());
            assertThat(newer.path("foundation").asInt()).isEqualTo(23);
            assertThat(java.time.Instant.parse(newer.path("at").asText()))
                    .isAfterOrEqualTo(java.time.Instant.parse(older.path("at").asText()));
            assertThat(admin.adminEvents(REALM)).filteredOn(e -> e.path("resourcePath").asText().equals("zero-trust/assessment/snapshots"))
                    .extracting(e -> e.path("operationType").asText()).contains("CREATE");
        } finally {
            bruteForce(false);
        }
    }

    @Test
    void withoutSavedEventsPasswordGrantUseIsNotKnownAndAClientTheSuiteBlocksDoesNotCount() {
        JsonNode assessment = admin.get("/admin/realms/" + QUIET + "/zero-trust/assessment").expect(200).json();
        Map<String, JsonNode> checks = checks(assessment);

        assertThat(checks.get("password-grants").path("status").asText()).isEqualTo("fail");
        assertThat(checks.get("password-grants").path("evidence").asText()).isEqualTo(
                "1 client allows the password grant: test-app; whether it was used is not known: events are not saved.");
        assertThat(checks.get("events-saved").path("status").asText()).isEqualTo("fail");
        assertThat(checks.get("brute-force-protection").path("status").asText()).isEqualTo("partial");
        assertThat(checks.get("brute-force-protection").path("evidence").asText())
                .isEqualTo("Brute-force detection is on and locks after 30 failures, more than 10.");
        assertThat(checks.get("password-policy").path("status").asText()).isEqualTo("partial");
        assertThat(checks.get("zero-trust-steps").path("status").asText()).isEqualTo("partial");
        assertThat(checks.get("zero-trust-steps").path("evidence").asText())
                .isEqualTo("1 of 4 kinds of step in the bound browser flow (location); missing: risk, device, strength.");
        assertThat(checks.get("refresh-reevaluation").path("status").asText()).isEqualTo("pass");
        assertThat(checks.get("refresh-reevaluation").path("evidence").asText()).contains("'every-refresh'");
        assertThat(checks.get("admins-second-factor").path("status").asText()).isEqualTo("not-applicable");
        assertThat(checks.get("standing-privileged-access").path("status").asText()).isEqualTo("not-applicable");
    }

    @Nested
    class Rights {

        @Test
        void aViewRealmAdminWithoutViewUsersCannotReadTheAssessment() {
            HttpResult refused = call("GET", ASSESSMENT, token("viewer"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("alice").doesNotContain("evidence");
            // The history holds scores only, so view-realm reads it.
            assertThat(call("GET", ASSESSMENT + "/history", token("viewer")).status()).isEqualTo(200);
        }

        @Test
        void anAdminWhoMayViewTheRealmAndItsUsersReadsTheAssessment() {
            HttpResult read = call("GET", ASSESSMENT, token("auditor"));

            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("checks")).hasSize(13);
        }

        @Test
        void aPlainUserCannotReadTheAssessment() {
            int before = history().size();
            String carol = token("carol");

            assertThat(call("GET", ASSESSMENT, carol).status()).isEqualTo(403);
            assertThat(call("GET", ASSESSMENT + "/history", carol).status()).isEqualTo(403);
            assertThat(call("POST", ASSESSMENT + "/snapshots", carol).status()).isEqualTo(403);
            assertThat(history()).as("nothing recorded").hasSize(before);
        }

        @Test
        void aViewRealmAdminCannotRecordASnapshot() {
            int before = history().size();
            long events = snapshotEvents();

            HttpResult refused = call("POST", ASSESSMENT + "/snapshots", token("auditor"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(history()).as("nothing recorded").hasSize(before);
            assertThat(snapshotEvents()).as("no admin event").isEqualTo(events);
        }

        @Test
        void aManageRealmAdminRecordsASnapshotButCannotReadTheUsersEvidence() {
            int before = history().size();
            String manager = token("manager");

            assertThat(call("POST", ASSESSMENT + "/snapshots", manager).status()).isEqualTo(201);
            assertThat(history()).hasSize(before + 1);
            assertThat(call("GET", ASSESSMENT, manager).status()).isEqualTo(403);
        }

        @Test
        void noTokenNoAnswer() {
            assertThat(Http.get(server.baseUrl() + ASSESSMENT, Map.of()).status()).isEqualTo(401);
        }

        long snapshotEvents() {
            return admin.adminEvents(REALM).stream()
                    .filter(e -> e.path("resourcePath").asText().equals("zero-trust/assessment/snapshots")).count();
        }
    }

    @Nested
    class BadInput {

        @Test
        void anUnknownQueryParameterIsRefusedByName() {
            HttpResult refused = admin.get(ASSESSMENT + "?stage=foundation");

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).isEqualTo("unknown-parameter");
            assertThat(refused.json().path("error_description").asText()).contains("'stage'");
            assertThat(admin.get(ASSESSMENT + "/history?max=5").status()).isEqualTo(400);
        }

        @Test
        void aSnapshotWithAnUnknownParameterIsRefusedAndRecordsNothing() {
            int before = history().size();

            HttpResult refused = admin.post(ASSESSMENT + "/snapshots?force=true", null);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).isEqualTo("unknown-parameter");
            assertThat(history()).hasSize(before);
        }

        @Test
        void aRealmThatDoesNotExistIsNotFound() {
            HttpResult missing = admin.get("/admin/realms/no-such-realm/zero-trust/assessment");

            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body().toLowerCase(java.util.Locale.ROOT)).contains("not found");
        }
    }
}
