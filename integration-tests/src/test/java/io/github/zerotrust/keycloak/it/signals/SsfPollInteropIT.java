package io.github.zerotrust.keycloak.it.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SsfServer;
import java.time.Duration;
import java.time.Instant;
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
 * Interop in poll mode (RFC 8936) with Keycloak 26.7.3's own SSF transmitter ({@code --features=ssf}): realm
 * {@code poll-partner} transmits, the suite's receiver in realm {@code poll-home} polls the stream's
 * {@code endpoint_url} with an access token it gets by client credentials (scope {@code ssf.read}) as the partner's
 * receiver client. An admin "sign out" of {@code pat} in the partner ends pat's session at home; so does the partner's
 * own suite scoring pat's sign-in at high risk (its CAEP {@code risk-level-change}, received by the suite here).
 */
@ExtendWith(SsfServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SsfPollInteropIT {

    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String PARTNER = "poll-partner";
    static final String HOME = "poll-home";
    static final String RECEIVER = "home-poller";
    static final String RECEIVER_SECRET = "home-poller-secret";
    static final Duration BOUND = Duration.ofSeconds(90);

    KeycloakServer server;
    AdminApi admin;
    String partnerPatId;
    String homePatId;
    String pollUrl;

    @BeforeAll
    void start(SsfServer.Node ssf) {
        server = ssf.server();
        admin = server.admin();
        admin.deleteRealm(PARTNER);
        admin.deleteRealm(HOME);

        // The partner runs the suite too: its direct grants are risk-assessed, and what the suite decides goes out
        // through the partner's transmitter like Keycloak's own events.
        admin.createRealm(RealmBuilder.realm(PARTNER).user("pat", "pat-password").passwordGrantClient("test-app")
                .directGrantFlow(Flow.topLevel("assessed direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off")))
                .build());
        ObjectNode partnerRealm = (ObjectNode) admin.get("/admin/realms/" + PARTNER).expect(200).json();
        (partnerRealm.has("attributes") ? (ObjectNode) partnerRealm.get("attributes") : partnerRealm.putObject("attributes"))
                .put("ssf.transmitterEnabled", "true");
        admin.put("/admin/realms/" + PARTNER, partnerRealm).expect(204);
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("clientId", RECEIVER);
        receiver.put("publicClient", false);
        receiver.put("secret", RECEIVER_SECRET);
        receiver.put("serviceAccountsEnabled", true);
        receiver.put("standardFlowEnabled", false);
        receiver.put("attributes", Map.of("ssf.enabled", "true"));
        admin.post("/admin/realms/" + PARTNER + "/clients", receiver).expect(201);
        String receiverId = admin.get("/admin/realms/" + PARTNER + "/clients?clientId=" + RECEIVER).expect(200).json().get(0)
                .path("id").asText();
        for (JsonNode scope : admin.get("/admin/realms/" + PARTNER + "/client-scopes").expect(200).json()) {
            if (List.of("ssf.read", "ssf.manage").contains(scope.path("name").asText())) {
                admin.put("/admin/realms/" + PARTNER + "/clients/" + receiverId + "/optional-client-scopes/" + scope.path("id").asText(),
                        Map.of()).expect(204);
            }
        }
        partnerPatId = userId(PARTNER, "pat");

        admin.createRealm(SsfInteropIT.enabledEvents(RealmBuilder.realm(HOME).user("pat", "pat-password")
                .passwordGrantClient("test-app").build()));
        homePatId = userId(HOME, "pat");
        JsonNode metadata = Http.get(server.baseUrl() + "/realms/" + PARTNER + "/.well-known/ssf-configuration", Map.of())
                .expect(200).json();
        String issuer = metadata.path("issuer").asText();
        String jwksUri = metadata.path("jwks_uri").asText();
        assertThat(metadata.path("delivery_methods_supported").toString()).contains("urn:ietf:rfc:8936");
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", "partner");
        idp.put("providerId", "oidc");
        idp.put("enabled", true);
        idp.put("config", Map.of("issuer", issuer, "clientId", "home", "clientSecret", "unused", "clientAuthMethod", "client_secret_post",
                "authorizationUrl", server.baseUrl() + "/realms/" + PARTNER + "/protocol/openid-connect/auth",
                "tokenUrl", Oidc.tokenUrl(server, PARTNER)));
        admin.post("/admin/realms/" + HOME + "/identity-provider/instances", idp).expect(201);
        admin.post("/admin/realms/" + HOME + "/users/" + homePatId + "/federated-identity/partner",
                Map.of("identityProvider", "partner", "userId", partnerPatId, "userName", "pat")).expect(204);

        // The stream, created over the transmitter's own API: poll delivery, the transmitter names the endpoint.
        String manage = Http.postForm(Oidc.tokenUrl(server, PARTNER), Map.of("grant_type", "client_credentials",
                "client_id", RECEIVER, "client_secret", RECEIVER_SECRET, "scope", "ssf.read ssf.manage"), Map.of())
                .expect(200).json().path("access_token").asText();
        Map<String, Object> stream = Map.of("delivery", Map.of("method", "urn:ietf:rfc:8936"),
                "events_requested", List.of(CAEP + "session-revoked", CAEP + "credential-change", CAEP + "risk-level-change"));
        HttpResult created = Http.sendJson("POST", server.baseUrl() + "/realms/" + PARTNER + "/ssf/transmitter/streams",
                Json.write(stream), Map.of("Authorization", "Bearer " + manage));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String streamId = created.json().path("stream_id").asText();
        pollUrl = created.json().path("delivery").path("endpoint_url").asText();
        assertThat(pollUrl).as(created.toString()).startsWith("http");
        JsonNode aud = created.json().path("aud");
        String audience = aud.isArray() ? aud.get(0).asText() : aud.asText();

        Map<String, Object> trusted = new LinkedHashMap<>();
        trusted.put("issuer", issuer);
        trusted.put("jwksUri", jwksUri);
        trusted.put("audience", audience);
        trusted.put("delivery", "poll");
        trusted.put("pollUrl", pollUrl);
        trusted.put("tokenUrl", Oidc.tokenUrl(server, PARTNER));
        trusted.put("clientId", RECEIVER);
        trusted.put("clientSecret", RECEIVER_SECRET);
        trusted.put("scope", "ssf.read");
        trusted.put("pollIntervalSeconds", 3600);
        HttpResult home = admin.put(transmitterPath(), trusted).expect(201);
        assertThat(home.body()).doesNotContain(RECEIVER_SECRET);
        HttpResult subscribed = Http.sendJson("POST", server.baseUrl() + "/realms/" + PARTNER + "/ssf/transmitter/subjects/add",
                Json.write(Map.of("stream_id", streamId, "subject", Map.of("format", "email", "email", "pat@example.test"))),
                Map.of("Authorization", "Bearer " + manage));
        assertThat(subscribed.status()).as(subscribed.toString()).isBetween(200, 204);
    }

    @AfterAll
    void dropRealms() {
        if (admin != null) {
            admin.deleteRealm(HOME);
            admin.deleteRealm(PARTNER);
        }
    }

    static String transmitterPath() {
        return "/admin/realms/" + HOME + "/zero-trust/ssf/transmitters/partner";
    }

    String userId(String realm, String username) {
        return admin.get("/admin/realms/" + realm + "/users?exact=true&username=" + username).expect(200).json().get(0).path("id").asText();
    }

    List<JsonNode> homeSessions() {
        List<JsonNode> sessions = new ArrayList<>();
        admin.get("/admin/realms/" + HOME + "/users/" + homePatId + "/sessions").expect(200).json().forEach(sessions::add);
        return sessions;
    }

    @Test
    @Order(1)
    void anAdminSignOutInThePartnerEndsTheLinkedUsersSessionHereOverPoll() {
        String refresh = Oidc.passwordGrant(server, HOME, "test-app", "pat", "pat-password", "192.0.2.10").expect(200).json()
                .path("refresh_token").asText();
        Oidc.passwordGrant(server, PARTNER, "test-app", "pat", "pat-password", "192.0.2.10").expect(200);
        assertThat(homeSessions()).hasSize(1);

        admin.post("/admin/realms/" + PARTNER + "/users/" + partnerPatId + "/logout", Map.of()).expect(204);

        // The event reaches the transmitter's outbox after its transaction commits: poll until it is there.
        Instant deadline = Instant.now().plus(BOUND);
        JsonNode status = null;
        while (!homeSessions().isEmpty()) {
            assertThat(Instant.now()).as("pat's session ending; last status %s; events %s", status,
                    admin.events(HOME, "CUSTOM_REQUIRED_ACTION_ERROR")).isBefore(deadline);
            status = admin.post(transmitterPath() + "/poll", Map.of()).expect(200).json();
            assertThat(status.path("consecutiveFailures").asInt()).as(status.toString()).isZero();
            sleep();
        }
        JsonNode event = Events.await(admin, HOME, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_event", "session-revoked"));
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("acted");
        assertThat(Events.detail(event, "zt_ssf_transmitter")).isEqualTo("partner");
        assertThat(event.path("userId").asText()).isEqualTo(homePatId);
        assertThat(Http.postForm(Oidc.tokenUrl(server, HOME), Map.of("grant_type", "refresh_token", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", refresh), Map.of()).status()).isEqualTo(400);
        // Acknowledged: the next poll finds nothing more to act on.
        JsonNode after = admin.post(transmitterPath() + "/poll", Map.of()).expect(200).json();
        assertThat(after.path("pendingAcks").asInt()).isZero();
        assertThat(admin.events(HOME, "CUSTOM_REQUIRED_ACTION").stream()
                .filter(e -> "acted".equals(Events.detail(e, "zt_ssf_outcome"))).count()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void theSuitesOwnRiskSignalSentByThePartnerEndsTheLinkedUsersSessionsHere() {
        admin.clearEvents(HOME);
        String refresh = Oidc.passwordGrant(server, HOME, "test-app", "pat", "pat-password", "192.0.2.10").expect(200).json()
                .path("refresh_token").asText();
        assertThat(homeSessions()).hasSize(1);

        // At the partner: London, then Sydney minutes later. The partner's suite scores it high and says so
        // (CAEP risk-level-change, a type Keycloak's transmitter learns from the suite).
        Oidc.passwordGrant(server, PARTNER, "test-app", "pat", "pat-password", "192.0.2.10").expect(200);
        Oidc.passwordGrant(server, PARTNER, "test-app", "pat", "pat-password", "203.0.113.5").expect(200);

        Instant deadline = Instant.now().plus(BOUND);
        JsonNode status = null;
        while (admin.events(HOME, "CUSTOM_REQUIRED_ACTION").stream()
                .noneMatch(e -> "risk-level-change".equals(Events.detail(e, "zt_ssf_event")))) {
            assertThat(Instant.now()).as("the partner's risk-level-change arriving; last status %s", status).isBefore(deadline);
            status = admin.post(transmitterPath() + "/poll", Map.of()).expect(200).json();
            assertThat(status.path("consecutiveFailures").asInt()).as(status.toString()).isZero();
            sleep();
        }
        JsonNode event = admin.events(HOME, "CUSTOM_REQUIRED_ACTION").stream()
                .filter(e -> "risk-level-change".equals(Events.detail(e, "zt_ssf_event"))).findFirst().orElseThrow();
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("acted");
        assertThat(Events.detail(event, "zt_signal")).isEqualTo("risk-high");
        assertThat(event.path("userId").asText()).isEqualTo(homePatId);
        assertThat(homeSessions()).as("a high risk at the partner ends pat's sessions here").isEmpty();
        assertThat(Http.postForm(Oidc.tokenUrl(server, HOME), Map.of("grant_type", "refresh_token", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", refresh), Map.of()).status()).isEqualTo(400);
    }

    static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
