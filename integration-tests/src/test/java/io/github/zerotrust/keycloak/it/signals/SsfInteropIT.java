package io.github.zerotrust.keycloak.it.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
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
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interop with a transmitter no one here wrote: Keycloak 26.7.3's own (experimental) SSF transmitter, switched on with
 * {@code --features=ssf}, in realm {@code partner}, streams by push to the suite's receiver in realm {@code home} of the
 * same server. {@code home} trusts {@code partner} (its issuer, its realm keys), and its user {@code pat} is linked to
 * the partner's {@code pat} through an identity provider {@code partner}, so the transmitter's {@code iss_sub} names
 * them. An admin "sign out" of {@code pat} in {@code partner} ends pat's session in {@code home}.
 */
@ExtendWith(SsfServer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsfInteropIT {

    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    static final String RECEIVER_SECRET = "home-receiver-secret";
    /** The transmitter drains its outbox every 30 s and retries: a generous bound, polled. */
    static final Duration DELIVERY = Duration.ofSeconds(150);

    KeycloakServer server;
    AdminApi admin;
    String partnerPatId;
    String homePatId;
    String streamId;
    String receiverToken;

    @BeforeAll
    void start(SsfServer.Node ssf) {
        server = ssf.server();
        admin = server.admin();
        String pushUrl = server.baseUrl() + "/realms/home/zero-trust/ssf/push/partner";

        // The partner: Keycloak's transmitter, with the suite's receiver as one of its (OIDC client) receivers.
        admin.createRealm(RealmBuilder.realm("partner").user("pat", "pat-password").passwordGrantClient("test-app").build());
        ObjectNode partnerRealm = (ObjectNode) admin.get("/admin/realms/partner").expect(200).json();
        (partnerRealm.has("attributes") ? (ObjectNode) partnerRealm.get("attributes") : partnerRealm.putObject("attributes"))
                .put("ssf.transmitterEnabled", "true");
        admin.put("/admin/realms/partner", partnerRealm).expect(204);
        Map<String, Object> receiver = new LinkedHashMap<>();
        receiver.put("clientId", "home-receiver");
        receiver.put("publicClient", false);
        receiver.put("secret", RECEIVER_SECRET);
        receiver.put("serviceAccountsEnabled", true);
        receiver.put("standardFlowEnabled", false);
        receiver.put("attributes", Map.of("ssf.enabled", "true", "ssf.validPushUrls", pushUrl));
        admin.post("/admin/realms/partner/clients", receiver).expect(201);
        String receiverId = admin.get("/admin/realms/partner/clients?clientId=home-receiver").expect(200).json().get(0).path("id").asText();
        for (JsonNode scope : admin.get("/admin/realms/partner/client-scopes").expect(200).json()) {
            if (List.of("ssf.read", "ssf.manage").contains(scope.path("name").asText())) {
                admin.put("/admin/realms/partner/clients/" + receiverId + "/optional-client-scopes/" + scope.path("id").asText(), Map.of())
                        .expect(204);
            }
        }
        partnerPatId = userId("partner", "pat");

        // Home: the suite's receiver; pat here is linked to pat there through the identity provider "partner".
        admin.createRealm(enabledEvents(RealmBuilder.realm("home").user("pat", "pat-password").passwordGrantClient("test-app").build()));
        homePatId = userId("home", "pat");
        JsonNode metadata = Http.get(server.baseUrl() + "/realms/partner/.well-known/ssf-configuration", Map.of()).expect(200).json();
        String issuer = metadata.path("issuer").asText();
        String jwksUri = metadata.path("jwks_uri").asText();
        assertThat(issuer).as(metadata.toString()).isNotBlank();
        Map<String, Object> idp = new LinkedHashMap<>();
        idp.put("alias", "partner");
        idp.put("providerId", "oidc");
        idp.put("enabled", true);
        idp.put("config", Map.of("issuer", issuer, "clientId", "home", "clientSecret", "unused", "clientAuthMethod", "client_secret_post",
                "authorizationUrl", server.baseUrl() + "/realms/partner/protocol/openid-connect/auth",
                "tokenUrl", server.baseUrl() + "/realms/partner/protocol/openid-connect/token"));
        admin.post("/admin/realms/home/identity-provider/instances", idp).expect(201);
        admin.post("/admin/realms/home/users/" + homePatId + "/federated-identity/partner",
                Map.of("identityProvider", "partner", "userId", partnerPatId, "userName", "pat")).expect(204);
        HttpResult trusted = admin.put("/admin/realms/home/zero-trust/ssf/transmitters/partner",
                Map.of("issuer", issuer, "jwksUri", jwksUri, "audience", "pending")).expect(201);
        String pushSecret = trusted.json().path("pushSecret").asText();

        // The stream, created over the transmitter's own API as a receiver would.
        receiverToken = Http.postForm(Oidc.tokenUrl(server, "partner"), Map.of("grant_type", "client_credentials",
                "client_id", "home-receiver", "client_secret", RECEIVER_SECRET, "scope", "ssf.read ssf.manage"), Map.of())
                .expect(200).json().path("access_token").asText();
        Map<String, Object> stream = Map.of(
                "delivery", Map.of("method", "urn:ietf:rfc:8935", "endpoint_url", pushUrl, "authorization_header", "Bearer " + pushSecret),
                "events_requested", List.of(CAEP + "session-revoked", CAEP + "credential-change"));
        HttpResult created = Http.sendJson("POST", server.baseUrl() + "/realms/partner/ssf/transmitter/streams", Json.write(stream),
                Map.of("Authorization", "Bearer " + receiverToken));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        streamId = created.json().path("stream_id").asText();
        JsonNode aud = created.json().path("aud");
        String audience = aud.isArray() ? aud.get(0).asText() : aud.asText();
        admin.put("/admin/realms/home/zero-trust/ssf/transmitters/partner",
                Map.of("issuer", issuer, "jwksUri", jwksUri, "audience", audience)).expect(200);
        HttpResult subscribed = Http.sendJson("POST", server.baseUrl() + "/realms/partner/ssf/transmitter/subjects/add",
                Json.write(Map.of("stream_id", streamId, "subject", Map.of("format", "email", "email", "pat@example.test"))),
                Map.of("Authorization", "Bearer " + receiverToken));
        assertThat(subscribed.status()).as(subscribed.toString()).isBetween(200, 204);
    }

    static ObjectNode enabledEvents(ObjectNode realm) {
        realm.set("enabledEventTypes", Json.MAPPER.valueToTree(List.of("LOGIN", "CUSTOM_REQUIRED_ACTION",
                "CUSTOM_REQUIRED_ACTION_ERROR")));
        return realm;
    }

    @AfterAll
    void dropRealms() {
        if (admin != null) {
            admin.deleteRealm("home");
            admin.deleteRealm("partner");
        }
    }

    String userId(String realm, String username) {
        return admin.get("/admin/realms/" + realm + "/users?exact=true&username=" + username).expect(200).json().get(0).path("id").asText();
    }

    List<JsonNode> homeSessions() {
        List<JsonNode> sessions = new ArrayList<>();
        admin.get("/admin/realms/home/users/" + homePatId + "/sessions").expect(200).json().forEach(sessions::add);
        return sessions;
    }

    /** What home made of the SETs it received so far, for a failure message. */
    String received() {
        List<JsonNode> events = new ArrayList<>(admin.events("home", "CUSTOM_REQUIRED_ACTION"));
        events.addAll(admin.events("home", "CUSTOM_REQUIRED_ACTION_ERROR"));
        return events.stream().map(e -> e.path("details").toString()).toList().toString();
    }

    static void await(String what, Duration bound, BooleanSupplier done, java.util.function.Supplier<String> state) {
        Instant deadline = Instant.now().plus(bound);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + bound.toSeconds() + " s; " + state.get());
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anAdminSignOutInThePartnerEndsTheLinkedUsersSessionHere() {
        String refresh = Oidc.passwordGrant(server, "home", "test-app", "pat", "pat-password", "192.0.2.10").expect(200).json()
                .path("refresh_token").asText();
        Oidc.passwordGrant(server, "partner", "test-app", "pat", "pat-password", "192.0.2.10").expect(200);
        assertThat(homeSessions()).hasSize(1);

        admin.post("/admin/realms/partner/users/" + partnerPatId + "/logout", Map.of()).expect(204);

        await("home ending pat's session", DELIVERY, () -> homeSessions().isEmpty(), this::received);
        JsonNode event = Events.await(admin, "home", "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_event", "session-revoked"));
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("acted");
        assertThat(Events.detail(event, "zt_ssf_transmitter")).isEqualTo("partner");
        assertThat(Events.detail(event, "zt_ssf_subject")).isEqualTo("complex");
        assertThat(event.path("userId").asText()).isEqualTo(homePatId);
        assertThat(Http.postForm(Oidc.tokenUrl(server, "home"), Map.of("grant_type", "refresh_token", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", refresh), Map.of()).status()).isEqualTo(400);
    }

    @Test
    void aVerificationEventOfThePartnerIsAcceptedAndRecorded() {
        // A verification the transmitter sent on its own before home knew the stream's audience was refused; start clean.
        admin.clearEvents("home");
        HttpResult verify = Http.sendJson("POST", server.baseUrl() + "/realms/partner/ssf/transmitter/verify",
                Json.write(Map.of("stream_id", streamId, "state", "interop-check")), Map.of("Authorization", "Bearer " + receiverToken));
        // 429: the transmitter sent one on its own within its minimum interval (at the stream's creation); that one counts.
        assertThat(verify.status()).as(verify.toString()).isIn(200, 202, 204, 429);

        await("home recording the verification", DELIVERY, () -> admin.events("home", "CUSTOM_REQUIRED_ACTION").stream()
                .anyMatch(e -> "verification".equals(Events.detail(e, "zt_ssf_outcome"))), this::received);
        assertThat(admin.events("home", "CUSTOM_REQUIRED_ACTION_ERROR")).as(received()).isEmpty();
    }
}
