package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import io.github.zerotrust.keycloak.it.support.ApprovalTool;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The extension points of the {@code zt-elevation} SPI on a server of their own (the providers are the operator's start options):
 * the {@code signed-webhook} approval channel posting requests to a chat tool and taking its signed decisions back,
 * and the {@code http} ticket check asking a ticketing system, both played by a local {@link ApprovalTool}. The
 * operator chooses them with {@code --spi-zt-elevation--default--...}; the shared secret and the ticketing token are
 * the realm's vault entries of fixed names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationExtensionsIT {

    static final String REALM = "it-elevation-ext";
    static final byte[] SECRET = "the-chat-tool-shares-this-secret-1".getBytes(StandardCharsets.UTF_8);
    static final String TICKET_TOKEN = "ticketing-bearer-token-for-tests";

    ApprovalTool tool;
    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void start() throws IOException {
        tool = new ApprovalTool().ticket("INC-OPEN", "open").ticket("INC-CLOSED", "closed")
                .ticket("INC-SLOW", "slow").ticket("INC-BROKEN", "broken");
        Path vault = Files.createDirectories(TestSettings.work().resolve("vault-elevation-ext"));
        Files.write(vault.resolve(REALM + "_zt-elevation-webhook-secret"), SECRET);
        Files.writeString(vault.resolve(REALM + "_zt-elevation-ticket-token"), TICKET_TOKEN + "\n");
        Path home = KeycloakHome.prepare(TestSettings.distribution(), TestSettings.work().resolve("home-elevation-ext"),
                List.of(TestSettings.bundle()));
        server = new KeycloakServer(ServerOptions.h2(home).asNode("elevation-ext", 0)
                .withOption("vault-dir", vault.toString())
                .withOption("spi-zt-elevation--default--approval-channels", "email,signed-webhook")
                .withOption("spi-zt-elevation--default--ticket-check", "http")
                .withOption("spi-zt-elevation-approval--signed-webhook--url", tool.url("/chat"))
                .withOption("spi-zt-elevation-ticket--http--url", tool.url("/tickets/{ticket}"))
                .withOption("spi-zt-elevation-ticket--http--timeout-ms", "1000"), TestSettings.work().resolve("logs")).start();
        admin = server.admin();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                .user("kim", "kim-password").user("lee", "lee-password")
                .user("ana", "ana-password").user("bo", "bo-password").user("cy", "cy-password")
                .group("approvers", "ana", "bo")
                .passwordGrantClient("test-app")
                .build());
        for (String role : List.of("ops", "db", "change")) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", role)).expect(201);
        }
        eligibility(Map.of("user", "kim", "role", "realm:ops", "stepUp", "none", "approvalsRequired", 1, "approverGroup", "approvers"));
        eligibility(Map.of("user", "lee", "role", "realm:db", "stepUp", "none", "approvalsRequired", 2, "approverGroup", "approvers"));
        eligibility(Map.of("user", "kim", "role", "realm:change", "stepUp", "none", "ticketMode", "required",
                "ticketPattern", "INC-[A-Z0-9-]+"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (tool != null) {
            tool.close();
        }
    }

    void eligibility(Map<String, Object> body) {
        admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", body).expect(201);
    }

    String token(String user) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", "192.0.2.10").expect(200).json()
                .path("access_token").asText();
    }

    HttpResult activate(String user, String role, String ticket) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("role", role, "durationMinutes", 30,
                "justification", "deploy the release"));
        if (ticket != null) {
            body.put("ticket", ticket);
        }
        return Http.sendJson("POST", server.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                Json.write(body), Map.of("Authorization", "Bearer " + token(user)));
    }

    static List<String> realmRoles(String accessToken) {
        List<String> roles = new ArrayList<>();
        Oidc.claims(accessToken).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    String decisionUrl() {
        return server.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/decisions";
    }

    static String decision(String id, String request, String decision, String approver) {
        return Json.write(Map.of("id", id, "request", request, "decision", decision, "approver", approver,
                "comment", "checked in the change board"));
    }

    JsonNode pending(String requestId) {
        for (JsonNode r : admin.get("/admin/realms/" + REALM + "/zero-trust/elevation/requests").expect(200).json()) {
            if (requestId.equals(r.path("id").asText())) {
                return r;
            }
        }
        return null;
    }

    @Test
    void aRequestIsPostedSignedToTheChatToolAndItsSignedDecisionGrantsTheRole() {
        HttpResult asked = activate("kim", "realm:ops", null);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String requestId = asked.json().path("request").path("id").asText();

        ApprovalTool.Posted post = tool.awaitPost(p -> p.body().contains(requestId));
        assertThat(post.signature()).as("signed with the vault's shared secret")
                .isEqualTo(ApprovalTool.signature(SECRET, Long.parseLong(post.timestamp()), post.body()));
        JsonNode posted = Json.parse(post.body());
        assertThat(posted.path("type").asText()).isEqualTo("zero-trust.elevation-request");
        assertThat(posted.path("request").path("role").asText()).isEqualTo("realm:ops");
        assertThat(posted.path("request").path("requester").asText()).isEqualTo("kim");
        assertThat(posted.path("approvers").toString()).contains("ana", "bo").doesNotContain("kim");
        assertThat(posted.path("decisionUrl").asText()).isEqualTo(decisionUrl());

        HttpResult approved = ApprovalTool.sendDecision(decisionUrl(), SECRET, Instant.now(),
                decision("chat-" + UUID.randomUUID(), requestId, "approve", "ana"));

        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("request").path("state").asText()).isEqualTo("APPROVED");
        assertThat(approved.json().path("elevation").path("role").asText()).isEqualTo("realm:ops");
        assertThat(realmRoles(token("kim"))).contains("ops");
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "approve".equals(e.path("details").path("zt_action").asText())
                        && requestId.equals(e.path("details").path("zt_request").asText()));
        assertThat(Events.detail(event, "zt_channel")).isEqualTo("signed-webhook");
        assertThat(event.path("userId").asText()).as("the approver the tool named")
                .isEqualTo(admin.get("/admin/realms/" + REALM + "/users?username=ana&exact=true").json().get(0).path("id").asText());
    }

    @Test
    void aForgedStaleOrReplayedDecisionChangesNothingAndTheApprovalRulesStillHold() {
        HttpResult asked = activate("lee", "realm:db", null);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String requestId = asked.json().path("request").path("id").asText();
        String body = decision("chat-" + UUID.randomUUID(), requestId, "approve", "ana");

        HttpResult unsigned = Http.sendJson("POST", decisionUrl(), body, Map.of());
        HttpResult forged = ApprovalTool.sendDecision(decisionUrl(), "a-secret-the-attacker-guessed!!".getBytes(StandardCharsets.UTF_8),
                Instant.now(), body);
        HttpResult stale = ApprovalTool.sendDecision(decisionUrl(), SECRET, Instant.now().minusSeconds(600), body);
        HttpResult self = ApprovalTool.sendDecision(decisionUrl(), SECRET, Instant.now(),
                decision("chat-" + UUID.randomUUID(), requestId, "approve", "lee"));
        HttpResult stranger = ApprovalTool.sendDecision(decisionUrl(), SECRET, Instant.now(),
                decision("chat-" + UUID.randomUUID(), requestId, "approve", "cy"));

        assertThat(unsigned.status()).isEqualTo(403);
        assertThat(unsigned.json().path("error").asText()).isEqualTo("bad-signature");
        assertThat(forged.json().path("error").asText()).isEqualTo("bad-signature");
        assertThat(stale.json().path("error").asText()).isEqualTo("stale-decision");
        assertThat(self.json().path("error").asText()).isEqualTo("self-approval");
        assertThat(stranger.json().path("error").asText()).isEqualTo("not-an-approver");
        assertThat(pending(requestId).path("approvals").size()).as("nothing counted").isZero();

        long at = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of("X-Zero-Trust-Timestamp", Long.toString(at),
                "X-Zero-Trust-Signature", ApprovalTool.signature(SECRET, at, body));
        HttpResult first = Http.sendJson("POST", decisionUrl(), body, headers);
        HttpResult replayed = Http.sendJson("POST", decisionUrl(), body, headers);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("request").path("state").asText()).as("one of two approvals").isEqualTo("PENDING");
        assertThat(replayed.status()).isEqualTo(403);
        assertThat(replayed.json().path("error").asText()).isEqualTo("replayed-decision");
        assertThat(pending(requestId).path("approvals").size()).as("the replay counted nothing").isEqualTo(1);
        assertThat(realmRoles(token("lee"))).doesNotContain("db");
    }

    @Test
    void theTicketingSystemDecidesWhetherATicketLetsAnActivationThroughAndFailsClosed() {
        HttpResult closed = activate("kim", "realm:change", "INC-CLOSED");
        HttpResult unknown = activate("kim", "realm:change", "INC-NOPE");
        HttpResult broken = activate("kim", "realm:change", "INC-BROKEN");
        HttpResult slow = activate("kim", "realm:change", "INC-SLOW");

        assertThat(closed.status()).isEqualTo(403);
        assertThat(closed.json().path("error").asText()).isEqualTo("ticket-not-open");
        assertThat(unknown.json().path("error").asText()).isEqualTo("ticket-not-open");
        assertThat(broken.status()).isEqualTo(403);
        assertThat(broken.json().path("error").asText()).isEqualTo("ticket-unverified");
        assertThat(slow.json().path("error").asText()).isEqualTo("ticket-unverified");
        assertThat(realmRoles(token("kim"))).doesNotContain("change");
        Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", e -> "ticket-unverified".equals(e.path("error").asText()));

        HttpResult open = activate("kim", "realm:change", "INC-OPEN");

        assertThat(open.status()).as(open.body()).isEqualTo(201);
        assertThat(open.json().path("elevation").path("ticket").asText()).isEqualTo("INC-OPEN");
        assertThat(realmRoles(token("kim"))).contains("change");
        assertThat(tool.lookups()).extracting(ApprovalTool.Lookup::path).contains("/tickets/INC-OPEN", "/tickets/INC-CLOSED");
        assertThat(tool.lookups()).extracting(ApprovalTool.Lookup::authorization).containsOnly("Bearer " + TICKET_TOKEN);
    }
}
