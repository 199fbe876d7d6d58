package io.github.zerotrust.keycloak.it.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import io.github.zerotrust.keycloak.it.support.SsfServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The suite's own changes go out through Keycloak's own Shared Signals transmitter ({@code --features=ssf}), not a
 * second one: a receiver client of the realm opens a poll stream (RFC 8936) the way any receiver would, follows a
 * user, and polls. What it gets is signed by the realm's keys and carries the suite's CAEP event types, which
 * Keycloak 26.7.3 does not know by itself.
 */
@ExtendWith(SsfServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsfTransmitIT {

    static final String REALM = "it-ssf-out";
    static final String RECEIVER = "siem";
    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String LONDON = "192.0.2.10";
    static final String SYDNEY = "203.0.113.5";

    static final String FLOW = "levels browser";
    static final String OTP_SECRET = "zero-trust-otp-secret-ssf";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    String streamId;

    @BeforeAll
    void start(SsfServer.Node ssf) {
        server = ssf.server();
        admin = server.admin();
        app = AppServer.start();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                .attribute("acr.loa.map", "{\"pwd\":1,\"mfa\":2}")
                .user("kim", "kim-password").user("lee", "lee-password")
                .userWithOtp("mo", "mo-password", OTP_SECRET)
                .passwordGrantClient("test-app")
                .client("web-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel(FLOW)
                        .required(Flow.sub(FLOW + " sign-in")
                                .alternative("auth-cookie")
                                .alternative(Flow.sub(FLOW + " levels")
                                        .conditional(Flow.sub(FLOW + " password")
                                                .required("conditional-level-of-authentication", "level-1",
                                                        Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                                .required("auth-username-password-form"))
                                        .conditional(Flow.sub(FLOW + " any mfa")
                                                .required("conditional-level-of-authentication", "level-2",
                                                        Map.of("loa-condition-level", "2", "loa-max-age", "36000"))
                                                .required("auth-otp-form")))))
                .directGrantFlow(Flow.topLevel("assessed direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off")))
                .build());
        // Keycloak's transmitter: switched on per realm; it then creates the ssf.read / ssf.manage client scopes.
        JsonNode realm = admin.get("/admin/realms/" + REALM).expect(200).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm.path("attributes")).put("ssf.transmitterEnabled", "true");
        admin.put("/admin/realms/" + REALM, realm).expect(204);
        admin.post("/admin/realms/" + REALM + "/clients", Map.of("clientId", RECEIVER, "publicClient", false,
                "secret", "siem-secret", "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("ssf.enabled", "true"))).expect(201);
        String clientUuid = admin.get("/admin/realms/" + REALM + "/clients?clientId=" + RECEIVER).expect(200).json().get(0)
                .path("id").asText();
        for (JsonNode scope : admin.get("/admin/realms/" + REALM + "/client-scopes").expect(200).json()) {
            if (scope.path("name").asText().startsWith("ssf.")) {
                admin.put("/admin/realms/" + REALM + "/clients/" + clientUuid + "/optional-client-scopes/"
                        + scope.path("id").asText(), Map.of()).expect(204);
            }
        }
        for (String role : List.of("ops")) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", role)).expect(201);
        }
        for (String user : List.of("kim", "lee")) {
            admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("user", user,
                    "role", "realm:ops", "stepUp", "none", "maxDurationMinutes", 30)).expect(201);
        }
        HttpResult stream = Http.sendJson("POST", transmitter("/streams"), Json.write(Map.of(
                "delivery", Map.of("method", "urn:ietf:rfc:8936"),
                "events_requested", List.of(CAEP + "token-claims-change", CAEP + "session-revoked",
                        CAEP + "device-compliance-change", CAEP + "risk-level-change", CAEP + "assurance-level-change"))),
                receiverAuth());
        assertThat(stream.status()).as(stream.toString()).isEqualTo(201);
        streamId = stream.json().path("stream_id").asText();
        // The stream follows kim only (default_subjects is NONE).
        HttpResult added = Http.sendJson("POST", transmitter("/subjects/add"), Json.write(Map.of("stream_id", streamId,
                "subject", Map.of("format", "email", "email", "kim@example.test"))), receiverAuth());
        assertThat(added.status()).as(added.toString()).isBetween(200, 204);
        HttpResult addedMo = Http.sendJson("POST", transmitter("/subjects/add"), Json.write(Map.of("stream_id", streamId,
                "subject", Map.of("format", "email", "email", "mo@example.test"))), receiverAuth());
        assertThat(addedMo.status()).as(addedMo.toString()).isBetween(200, 204);
    }

    @AfterAll
    void dropRealm() {
        if (app != null) {
            app.close();
        }
        if (admin != null) {
            admin.deleteRealm(REALM);
        }
    }

    @Test
    void anElevationStartingGoesOutAsTokenClaimsChangeToTheUsersFollowersOnly() {
        activate("lee");
        activate("kim");
        String kimId = userId("kim");
        String leeId = userId("lee");

        List<JsonNode> sets = pollUntil(got -> got.stream().anyMatch(s -> s.path("events").has(CAEP + "token-claims-change")));

        JsonNode claimsChange = sets.stream().filter(s -> s.path("events").has(CAEP + "token-claims-change")).findFirst().orElseThrow();
        assertThat(claimsChange.path("sub_id").path("format").asText()).isEqualTo("iss_sub");
        assertThat(claimsChange.path("sub_id").path("sub").asText()).isEqualTo(kimId);
        assertThat(claimsChange.path("sub_id").path("iss").asText()).endsWith("/realms/" + REALM);
        JsonNode elevations = claimsChange.path("events").path(CAEP + "token-claims-change").path("claims").path("zt_elevations");
        assertThat(elevations.isArray()).as(claimsChange.toString()).isTrue();
        assertThat(elevations.get(0).path("role").asText()).isEqualTo("realm:ops");
        assertThat(elevations.get(0).path("ends_at").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        // lee activated first, but the stream does not follow lee: nothing about lee went out.
        assertThat(sets).noneMatch(s -> s.toString().contains(leeId));
    }

    @Test
    void aHighRiskSignInGoesOutAsRiskLevelChange() {
        // London, then Sydney minutes later: impossible travel, high risk (the direct-grant flow only assesses).
        Oidc.passwordGrant(server, REALM, "test-app", "kim", "kim-password", LONDON).expect(200);
        Oidc.passwordGrant(server, REALM, "test-app", "kim", "kim-password", SYDNEY).expect(200);
        String kimId = userId("kim");

        List<JsonNode> sets = pollUntil(got -> got.stream().anyMatch(s -> s.path("events").has(CAEP + "risk-level-change")));

        JsonNode risk = sets.stream().filter(s -> s.path("events").has(CAEP + "risk-level-change")).findFirst().orElseThrow()
                .path("events").path(CAEP + "risk-level-change");
        assertThat(risk.path("current_level").asText()).isEqualTo("HIGH");
        assertThat(risk.path("principal").asText()).isEqualTo("USER");
        assertThat(risk.path("risk_reason").asText()).contains("impossible-travel");
        assertThat(sets.stream().filter(s -> s.path("events").has(CAEP + "risk-level-change")))
                .allMatch(s -> s.path("sub_id").path("sub").asText().equals(kimId));
    }

    @Test
    void sessionsEndedByASignalGoOutAsSessionRevoked() {
        Oidc.passwordGrant(server, REALM, "test-app", "kim", "kim-password", LONDON).expect(200);
        String kimId = userId("kim");

        JsonNode contained = admin.post("/admin/realms/" + REALM + "/zero-trust/contain/users/" + kimId,
                Map.of("resetPassword", false, "reRegisterFactors", false)).expect(200).json();
        assertThat(contained.path("sessionsEnded").asInt()).isPositive();

        List<JsonNode> sets = pollUntil(got -> got.stream().anyMatch(s -> s.path("events").has(CAEP + "session-revoked")));
        JsonNode revoked = sets.stream().filter(s -> s.path("events").has(CAEP + "session-revoked")).findFirst().orElseThrow();
        assertThat(revoked.path("sub_id").path("sub").asText()).isEqualTo(kimId);
        assertThat(revoked.path("events").path(CAEP + "session-revoked").path("reason_admin").path("en").asText())
                .isEqualTo("zero-trust contain-user");
    }

    @Test
    void aStepUpInsideAnSsoSessionGoesOutAsAssuranceLevelChangeOnce() {
        String moId = userId("mo");
        try (Browser browser = Browser.start()) {
            browser.from(LONDON).open(Oidc.authorizationUrl(server, REALM, "web-app", app.callback()) + "&acr_values=pwd");
            new LoginPage(browser).signIn("mo", "mo-password");
            AppPage appPage = new AppPage(browser);
            assertThat(appPage.isShown()).as(browser.pageSource()).isTrue();

            browser.open(Oidc.authorizationUrl(server, REALM, "web-app", app.callback()) + "&acr_values=mfa");
            browser.element(By.id("otp")).sendKeys(Totp.now(OTP_SECRET));
            browser.element(By.id("kc-login")).click();
            assertThat(appPage.isShown()).as(browser.pageSource()).isTrue();
            // The same level again, from the SSO session: no change, nothing more to tell.
            browser.open(Oidc.authorizationUrl(server, REALM, "web-app", app.callback()) + "&acr_values=mfa");
            assertThat(appPage.isShown()).as(browser.pageSource()).isTrue();
        }

        List<JsonNode> sets = pollUntil(got -> got.stream().anyMatch(s -> s.path("events").has(CAEP + "assurance-level-change")));

        List<JsonNode> changes = sets.stream().filter(s -> s.path("events").has(CAEP + "assurance-level-change")).toList();
        assertThat(changes).as("one step-up, one event: " + sets).hasSize(1);
        JsonNode change = changes.get(0).path("events").path(CAEP + "assurance-level-change");
        assertThat(change.path("namespace").asText()).isEqualTo("NIST-AAL");
        assertThat(change.path("previous_level").asText()).isEqualTo("nist-aal1");
        assertThat(change.path("current_level").asText()).isEqualTo("nist-aal2");
        assertThat(change.path("change_direction").asText()).isEqualTo("increase");
        assertThat(changes.get(0).path("sub_id").path("sub").asText()).isEqualTo(moId);
    }

    String transmitter(String path) {
        return server.baseUrl() + "/realms/" + REALM + "/ssf/transmitter" + path;
    }

    Map<String, String> receiverAuth() {
        HttpResult token = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "client_credentials",
                "client_id", RECEIVER, "client_secret", "siem-secret", "scope", "ssf.read ssf.manage"), Map.of());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        return Map.of("Authorization", "Bearer " + token.json().path("access_token").asText());
    }

    String userId(String username) {
        return admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).expect(200).json().get(0)
                .path("id").asText();
    }

    void activate(String user) {
        String token = Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", "192.0.2.10").expect(200).json()
                .path("access_token").asText();
        Http.sendJson("POST", server.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                Json.write(Map.of("role", "realm:ops", "durationMinutes", 20, "justification", "rotate the keys")),
                Map.of("Authorization", "Bearer " + token)).expect(201);
    }

    /** Polls the stream (acknowledging what it got) until {@code done} holds for everything received; 60 s at most. */
    List<JsonNode> pollUntil(java.util.function.Predicate<List<JsonNode>> done) {
        List<JsonNode> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> ack = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            HttpResult poll = Http.sendJson("POST", transmitter("/receivers/" + RECEIVER + "/streams/" + streamId + "/poll"),
                    Json.write(Map.of("maxEvents", 50, "returnImmediately", true, "ack", ack)), receiverAuth());
            assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
            ack = new ArrayList<>();
            var fields = poll.json().path("sets").fields();
            while (fields.hasNext()) {
                var set = fields.next();
                ack.add(set.getKey());
                String[] parts = set.getValue().asText().split("\\.");
                JsonNode header = Json.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
                assertThat(header.path("typ").asText()).isEqualTo("secevent+jwt");
                assertThat(header.path("alg").asText()).isEqualTo("RS256");
                received.add(Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)));
            }
            if (done.test(received)) {
                return received;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("The stream did not deliver what was expected within 60 s; received: " + received);
    }
}
