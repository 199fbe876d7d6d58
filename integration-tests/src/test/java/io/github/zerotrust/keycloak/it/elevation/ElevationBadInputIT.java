package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whatever arrives at an elevation endpoint or page — a bad id, a body of the wrong shape or type, a number past
 * any range, a date past the year 9999, a wrong method or media type — the answer is a 4xx (the suite's
 * {@code {"error", "error_description"}} where the suite answers) and nothing is stored. Never a 500.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationBadInputIT {

    static final String REALM = "it-elevation-bad-input";
    static final String[] IDS = {"%00", "x".repeat(3000), "00000000-0000-0000-0000-00000000000G",
            "%2e%2e%2f%2e%2e", "1%27%20OR%20%271%27%3D%271", UUID.randomUUID().toString()};

    ElevationApi api;
    AdminApi admin;
    String base;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.api = new ElevationApi(server, admin, REALM);
        this.base = server.baseUrl();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                .user("una", "una-password").user("approver", "approver-password")
                .group("approvers", "approver")
                .passwordGrantClient("test-app")
                .build());
        api.role("bad-input-ops");
        api.eligibility(Map.of("user", "una", "role", "realm:bad-input-ops", "stepUp", "none",
                "ticketMode", "optional", "ticketPattern", "((a+)+)+b"));
    }

    @AfterAll
    void cleanUp() {
        admin.deleteRealm(REALM);
    }

    static String deep(int levels) {
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    /** Every answer in {@code answers} is a 4xx; those the suite gives carry its error shape. */
    static void allRefusedCleanly(List<HttpResult> answers) {
        assertThat(answers).isNotEmpty().allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isBetween(400, 499);
            String type = a.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && a.body().contains("error")) {
                assertThat(a.json().has("error")).as(a.toString()).isTrue();
            }
        });
    }

    @Test
    void badBodiesIdsMethodsAndMediaTypesOnTheUserEndpointsNeverReachA500() {
        String token = api.passwordToken("test-app", "una");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        String user = base + "/realms/" + REALM + "/zero-trust/elevation/";
        List<HttpResult> answers = new ArrayList<>();
        for (String body : List.of("[]", "\"x\"", "null", "{\"role\": {}}", "{\"role\": \"realm:bad-input-ops\", \"durationMinutes\": \"1e999\"}",
                "{\"role\": \"realm:bad-input-ops\", \"durationMinutes\": 1e999, \"justification\": \"x\"}",
                "{\"role\": \"realm:bad-input-ops\", \"durationMinutes\": -9223372036854775808}",
                "{\"role\": \"realm:bad-input-ops\", \"durationMinutes\": 10, \"justification\": {\"a\": 1}, \"ticket\": 7}",
                "{\"role\": \"realm:bad-input-ops\", \"durationMinutes\": 10, \"justification\": \"x\", \"ticket\": \"" + "a".repeat(99) + "\"}",
                "{\"role\": \"" + "r".repeat(5000) + "\", \"durationMinutes\": 10}", deep(100), "{\"role\": \"realm:x\"} {}")) {
            answers.add(Http.sendJson("POST", user + "activate", body, auth));
        }
        answers.add(Http.sendAs("POST", user + "activate", "role=realm:x", "text/plain", auth));
        answers.add(Http.sendAs("POST", user + "activate", "{}", "application/json; charset=latin1", auth));
        answers.add(Http.sendAs("POST", user + "activate", "{\"role\": \"" + "x".repeat(20_000) + "\"}", "application/json", auth));
        answers.add(Http.sendAs("POST", user + "activate", "", null, auth));
        for (String id : IDS) {
            answers.add(Http.sendJson("POST", user + "elevations/" + id + "/deactivate", null, auth));
            answers.add(Http.sendJson("POST", user + "elevations/" + id + "/extend", "{\"durationMinutes\": [1]}", auth));
            answers.add(Http.sendJson("POST", user + "requests/" + id + "/approve", "{\"comment\": 5}", auth));
            answers.add(Http.sendJson("POST", user + "requests/" + id + "/deny", "{\"comment\": \"" + "c".repeat(600) + "\"}", auth));
        }
        for (String method : List.of("PUT", "DELETE", "PATCH", "GET")) {
            answers.add(Http.sendJson(method, user + "activate", "{}", auth));
        }
        answers.add(Http.sendJson("GET", user + "requests/" + UUID.randomUUID() + "/approve", null, auth));
        answers.add(Http.sendJson("POST", user + "decisions", "{\"id\": \"x\"}", Map.of()));
        answers.add(Http.sendAs("POST", user + "decisions", "<xml/>", "application/xml", Map.of()));

        allRefusedCleanly(answers);
        assertThat(api.activeElevationsOf("una")).as("nothing was granted").isZero();
    }

    @Test
    void aTicketPatternThatBacktracksForeverRefusesInsteadOfHanging() {
        Instant started = Instant.now();
        HttpResult answer = api.call("POST", "activate", api.passwordToken("test-app", "una"), Map.of("role", "realm:bad-input-ops",
                "durationMinutes", 10, "justification", "x", "ticket", "a".repeat(60) + "c"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("ticket-malformed");
        assertThat(Duration.between(started, Instant.now())).as("answered, not hung").isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void badBodiesAndIdsOnTheAdminEndpointsNeverReachA500() {
        String adminBase = "/admin/realms/" + REALM + "/zero-trust/elevation/";
        int before = api.eligibilities().size();
        List<HttpResult> answers = new ArrayList<>();
        for (String body : List.of("{\"user\": \"una\", \"role\": \"realm:bad-input-ops\", \"endsAt\": \"+1000000000-12-31T23:59:59Z\"}",
                "{\"user\": \"una\", \"role\": \"realm:bad-input-ops\", \"endsAt\": \"-1000000000-01-01T00:00:00Z\"}",
                "{\"user\": {\"a\": 1}, \"role\": \"realm:bad-input-ops\"}", "{\"group\": \"/\", \"role\": \"realm:bad-input-ops\"}",
                "{\"group\": \"//x///\", \"role\": \"realm:bad-input-ops\"}",
                "{\"user\": \"una\", \"role\": \"realm:bad-input-ops\", \"approvalsRequired\": 1, \"approverGroup\": \"/../..\"}",
                "{\"user\": \"una\", \"role\": \"realm:bad-input-ops\", \"maxDurationMinutes\": 1e400}",
                "{\"user\": \"una\", \"role\": \"realm:bad-input-ops\", \"stepUpMaxAgeMinutes\": -1e400}",
                "{\"user\": \"una\", \"role\": \"realm:bad-input-ops\", \"ticketPattern\": \"[\"}", "[]", deep(100))) {
            answers.add(admin.send("POST", adminBase + "eligibilities", body, "application/json"));
        }
        answers.add(admin.send("POST", adminBase + "eligibilities", "user=una", "application/x-www-form-urlencoded"));
        for (String id : IDS) {
            answers.add(admin.send("PUT", adminBase + "eligibilities/" + id, "{}", "application/json"));
            answers.add(admin.delete(adminBase + "eligibilities/" + id));
            answers.add(admin.post(adminBase + "elevations/" + id + "/end", null));
        }
        for (String query : List.of("?max=abc", "?max=-5", "?user=%00", "?max=99999999999")) {
            HttpResult listed = admin.get(adminBase + "elevations" + query);
            if (listed.status() != 200) {
                answers.add(listed);
            }
        }

        allRefusedCleanly(answers);
        assertThat(api.eligibilities()).as("nothing stored").hasSize(before);
    }

    @Test
    void theApprovalsPageTakesAnyFormWithoutA500() {
        String page = base + "/realms/" + REALM + "/zero-trust/approvals";
        List<HttpResult> answers = new ArrayList<>();
        answers.add(Http.get(page + "?done=%3Cscript%3E", Map.of()));
        answers.add(Http.postForm(page, Map.of("request", "%00", "decision", "approve", "csrf", "x"), Map.of()));
        answers.add(Http.sendAs("POST", page, "{}", "application/json", Map.of()));
        answers.add(Http.sendAs("POST", page, "a=b", "text/plain", Map.of()));
        answers.add(Http.sendJson("PUT", page, "{}", Map.of()));

        allRefusedCleanly(answers);
    }
}
