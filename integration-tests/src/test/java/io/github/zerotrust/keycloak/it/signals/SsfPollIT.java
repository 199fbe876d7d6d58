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
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poll delivery (RFC 8936): the receiver fetches SETs from a transmitter played by the test ({@link PollTransmitter}),
 * takes them through the same checks and actions as a push, acknowledges what it verified and reports what it refused
 * in {@code setErrs}. Each test trusts a transmitter of its own, polled every hour unless it says otherwise, and polls
 * it through the admin's "poll now" so that what happens is deterministic.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsfPollIT {

    static final String REALM = "it-ssf-poll";
    static final String AUDIENCE = "https://home.example.test/ssf";
    static final String CAEP = Transmitter.CAEP;
    static final String RISC = Transmitter.RISC;
    static final Duration BOUND = Duration.ofSeconds(90);

    KeycloakServer server;
    AdminApi admin;
    Accounts accounts;
    PollTransmitter partner;
    String alias;
    int serial;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password").user("bob", "bob-password").user("carol", "carol-password")
                .user("dave", "dave-password").user("erin", "erin-password").user("vera", "vera-password").passwordGrantClient("test-app").build();
        realm.set("enabledEventTypes", Json.MAPPER.valueToTree(List.of("LOGIN", "CUSTOM_REQUIRED_ACTION",
                "CUSTOM_REQUIRED_ACTION_ERROR")));
        admin.createRealm(realm);
        accounts = new Accounts(server, admin, REALM);
        accounts.adminRole("vera", "view-realm");
    }

    @AfterAll
    void dropRealm() {
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void aFreshTransmitter() {
        admin.clearEvents(REALM);
        alias = "partner-" + (++serial);
        partner = new PollTransmitter("https://partner-" + serial + ".example.test");
        trust(3600);
        // A new transmitter is due at once: let that first scheduled poll pass, so that each test's own polls are the
        // only ones for an hour.
        await("the first scheduled poll", () -> status().path("lastSuccess").isTextual(), () -> status().toString());
        accounts.signIn("alice");
    }

    @AfterEach
    void closeTransmitter() {
        partner.close();
    }

    void trust(int intervalSeconds) {
        HttpResult created = admin.put(transmitterPath(), pollSettings(intervalSeconds)).expect(201);
        assertThat(created.json().has("pushSecret")).as(created.toString()).isFalse();
    }

    Map<String, Object> pollSettings(int intervalSeconds) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("issuer", partner.signer.issuer);
        settings.put("jwksUri", partner.jwksUri());
        settings.put("audience", AUDIENCE);
        settings.put("delivery", "poll");
        settings.put("pollUrl", partner.pollUrl());
        settings.put("bearerToken", PollTransmitter.TOKEN);
        settings.put("pollIntervalSeconds", intervalSeconds);
        return settings;
    }

    String transmitterPath() {
        return "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/" + alias;
    }

    JsonNode pollNow() {
        return admin.post(transmitterPath() + "/poll", Map.of()).expect(200).json();
    }

    JsonNode status() {
        return admin.get(transmitterPath() + "/status").expect(200).json();
    }

    Map<String, Object> claims(String eventType, String user) {
        return partner.signer.claims(AUDIENCE, eventType, Map.of(), Transmitter.email(user + "@example.test"));
    }

    /** Queues a well-signed SET and answers its jti. */
    String queue(String eventType, String user) {
        Map<String, Object> claims = claims(eventType, user);
        return partner.queue(claims, partner.signer.sign(claims));
    }

    /** The signal events of {@code user}: one per SET acted on. */
    List<JsonNode> actedOn(String user) {
        String id = accounts.userId(user);
        return admin.events(REALM, "CUSTOM_REQUIRED_ACTION").stream()
                .filter(e -> e.path("details").has("zt_signal") && id.equals(e.path("userId").asText())).toList();
    }

    static void await(String what, BooleanSupplier done, Supplier<String> state) {
        Instant deadline = Instant.now().plus(BOUND);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + BOUND.toSeconds() + " s; " + state.get());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void aliceIsUntouched() {
        assertThat(accounts.sessions("alice")).isNotEmpty();
        assertThat(accounts.user("alice").path("enabled").asBoolean()).isTrue();
        assertThat(actedOn("alice")).isEmpty();
    }

    @Test
    void aPolledCredentialCompromiseEndsTheUsersSessions() {
        // Erin's password is gone after this; the other tests sign the others in.
        accounts.signIn("erin");
        String jti = queue(RISC + "credential-compromise", "erin");

        JsonNode status = pollNow();

        assertThat(accounts.sessions("erin")).isEmpty();
        assertThat(actedOn("erin")).hasSize(1);
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_transmitter", alias));
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("acted");
        assertThat(Events.detail(event, "zt_ssf_event")).isEqualTo("credential-compromise");
        assertThat(partner.acks()).as("acknowledged in the same turn").containsExactly(jti);
        assertThat(partner.queued()).isEmpty();
        assertThat(status.path("consecutiveFailures").asInt()).isZero();
        assertThat(status.path("lastSuccess").asText()).isNotBlank();
        assertThat(status.path("pendingAcks").asInt()).isZero();
        assertThat(partner.requests()).as("asked, then acknowledged").isGreaterThanOrEqualTo(2);
        JsonNode first = partner.request(0);
        assertThat(first.path("returnImmediately").asBoolean()).isTrue();
        assertThat(first.path("maxEvents").asInt()).isEqualTo(100);
        aliceIsUntouched();
    }

    @Test
    void aTransmitterThatIsDownIsRetriedWithBackOffAndNothingIsLost() {
        admin.put(transmitterPath(), pollSettings(1)).expect(200);
        accounts.signIn("carol");
        accounts.signIn("bob");
        // Carol's SET is answered; then the transmitter goes down before the acknowledgement reaches it.
        String carolJti = queue(CAEP + "session-revoked", "carol");
        partner.downAfterNextSets();
        await("carol's SET being taken", () -> accounts.sessions("carol").isEmpty(), () -> partner.requests() + " requests");
        await("the first failure", () -> status().path("consecutiveFailures").asInt() >= 1, () -> status().toString());
        assertThat(status().path("pendingAcks").asInt()).as("the acknowledgement is kept").isEqualTo(1);

        // While it is down, bob's SET is queued; the receiver keeps trying, further and further apart.
        String bobJti = queue(CAEP + "session-revoked", "bob");
        await("three failures in a row", () -> status().path("consecutiveFailures").asInt() >= 3, () -> status().toString());
        JsonNode down = status();
        assertThat(down.path("lastError").asText()).contains("HTTP 503");
        assertThat(accounts.sessions("bob")).as("nothing acted on while down").isNotEmpty();
        List<Instant> arrivals = partner.downArrivals();
        // After failure n the next attempt waits at least 0.8 × 1 s × 2^n (the jitter takes at most a fifth off).
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(3);
        for (int n = 1; n < 3; n++) {
            Duration gap = Duration.between(arrivals.get(n - 1), arrivals.get(n));
            assertThat(gap).as("gap after failure %d", n).isGreaterThanOrEqualTo(Duration.ofMillis((long) (800 * Math.pow(2, n))));
        }
        Instant last = Instant.parse(down.path("lastAttempt").asText());
        Instant next = Instant.parse(down.path("nextAttempt").asText());
        int failures = down.path("consecutiveFailures").asInt();
        assertThat(Duration.between(last, next)).isGreaterThanOrEqualTo(
                Duration.ofMillis((long) (800 * Math.min(Math.pow(2, failures), 900))));
        List<JsonNode> failed = admin.events(REALM, "CUSTOM_REQUIRED_ACTION_ERROR").stream()
                .filter(e -> "poll-failed".equals(Events.detail(e, "zt_ssf_outcome"))).toList();
        assertThat(failed).hasSizeGreaterThanOrEqualTo(3);
        assertThat(failed.toString()).doesNotContain(PollTransmitter.TOKEN);

        // Back up: the kept acknowledgement is delivered, bob's SET is acted on, each once.
        partner.mode(PollTransmitter.Mode.UP);
        JsonNode up = pollNow();
        assertThat(up.path("consecutiveFailures").asInt()).isZero();
        assertThat(up.path("pendingAcks").asInt()).isZero();
        assertThat(accounts.sessions("bob")).isEmpty();
        assertThat(partner.acks()).contains(carolJti, bobJti);
        assertThat(partner.queued()).isEmpty();
        assertThat(actedOn("carol")).hasSize(1);
        assertThat(actedOn("bob")).hasSize(1);
        Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "poll-recovered"));
    }

    @Test
    void aSetRedeliveredAfterALostAckIsAckedAgainAndNotActedOnTwice() {
        accounts.signIn("dave");
        String jti = queue(CAEP + "session-revoked", "dave");
        partner.dropNextAck();

        pollNow();
        accounts.signIn("dave"); // a new session: a second action would end it
        pollNow();

        assertThat(actedOn("dave")).hasSize(1);
        assertThat(accounts.sessions("dave")).as("the session opened after the SET lives").hasSize(1);
        assertThat(partner.acks()).as("acknowledged, lost, acknowledged again").containsExactly(jti, jti);
        assertThat(partner.queued()).isEmpty();
        JsonNode redelivered = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "redelivered"));
        assertThat(Events.detail(redelivered, "zt_ssf_transmitter")).isEqualTo(alias);
    }

    @Test
    void aForgedSetInAPollIsReportedInSetErrsAndChangesNothing() {
        Map<String, Object> claims = claims(CAEP + "session-revoked", "alice");
        String token = partner.signer.forged(claims);
        String jti = partner.queue(claims, token);

        pollNow();

        assertThat(partner.setErrs()).containsKey(jti);
        assertThat(partner.setErrs().get(jti).path("err").asText()).isEqualTo("invalid_key");
        assertThat(partner.acks()).doesNotContain(jti);
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", Events.withDetail("zt_ssf_error", "invalid_key"));
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("refused");
        assertThat(event.toString()).doesNotContain(token);
        aliceIsUntouched();
    }

    @Test
    void anOldSetReplayedByTheTransmitterIsReportedAndChangesNothing() {
        Map<String, Object> claims = new HashMap<>(claims(CAEP + "session-revoked", "alice"));
        claims.put("iat", Instant.now().minus(Duration.ofHours(2)).getEpochSecond());
        String jti = partner.queue(claims, partner.signer.sign(claims));

        pollNow();

        assertThat(partner.setErrs().get(jti).path("err").asText()).isEqualTo("invalid_request");
        assertThat(partner.acks()).doesNotContain(jti);
        aliceIsUntouched();
    }

    @Test
    void aSetFiledUnderAnotherJtiAcknowledgesNothing() {
        // The answer's key is the transmitter's word; only the verified jti may be acknowledged.
        accounts.signIn("bob");
        Map<String, Object> claims = claims(CAEP + "session-revoked", "bob");
        partner.queueUnder("someone-elses-jti", partner.signer.sign(claims));

        pollNow();

        assertThat(partner.acks()).doesNotContain("someone-elses-jti", (String) claims.get("jti"));
        assertThat(partner.setErrs().get("someone-elses-jti").path("err").asText()).isEqualTo("invalid_request");
        assertThat(accounts.sessions("bob")).as("not acted on").isNotEmpty();
    }

    @Test
    void aHugePollResponseIsRefusedAndChangesNothing() {
        queue(CAEP + "session-revoked", "alice");
        partner.mode(PollTransmitter.Mode.HUGE);

        JsonNode status = pollNow();

        assertThat(status.path("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(status.path("lastError").asText()).contains("more than");
        assertThat(partner.acks()).isEmpty();
        aliceIsUntouched();
    }

    @Test
    void aTransmitterThatDripsItsAnswerIsCutOffAndChangesNothing() {
        queue(CAEP + "session-revoked", "alice");
        partner.mode(PollTransmitter.Mode.SLOW);

        JsonNode status = pollNow();

        assertThat(status.path("consecutiveFailures").asInt()).isEqualTo(1);
        assertThat(status.path("lastError").asText()).contains("in time");
        aliceIsUntouched();
    }

    @Test
    void aPollUrlThatRedirectsIsNotFollowed() {
        partner.mode(PollTransmitter.Mode.REDIRECT);

        JsonNode status = pollNow();

        assertThat(status.path("lastError").asText()).contains("HTTP 302");
        assertThat(partner.elsewhere.get()).as("the redirect's target was never asked").isZero();
    }

    @Test
    void thePollSecretIsNeverReadBack() {
        String secret = PollTransmitter.TOKEN;
        List<String> answers = List.of(
                admin.get(transmitterPath()).expect(200).body(),
                admin.get("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters").expect(200).body(),
                admin.get(transmitterPath() + "/status").expect(200).body(),
                admin.put(transmitterPath(), withoutSecret()).expect(200).body(),
                admin.adminEvents(REALM).toString());
        answers.forEach(a -> assertThat(a).doesNotContain(secret));
        assertThat(admin.get(transmitterPath()).expect(200).json().path("authentication").asText()).isEqualTo("bearer");

        // An update without the secret keeps it: the next poll still authenticates.
        queue(CAEP + "session-revoked", "bob");
        JsonNode status = pollNow();
        assertThat(status.path("consecutiveFailures").asInt()).as(status.toString()).isZero();
        assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION").toString()).doesNotContain(secret);
    }

    Map<String, Object> withoutSecret() {
        Map<String, Object> settings = pollSettings(3600);
        settings.remove("bearerToken");
        return settings;
    }

    @Test
    void aViewRealmAdminCannotTriggerAPoll() {
        queue(CAEP + "session-revoked", "alice");
        int before = partner.requests();
        String vera = accounts.signIn("vera").access();
        Map<String, String> asVera = Map.of("Authorization", "Bearer " + vera);

        HttpResult poll = Http.sendJson("POST", server.baseUrl() + transmitterPath() + "/poll", "{}", asVera);
        HttpResult status = Http.get(server.baseUrl() + transmitterPath() + "/status", asVera);

        assertThat(poll.status()).as(poll.toString()).isEqualTo(403);
        assertThat(status.status()).as("reading the status is view-realm").isEqualTo(200);
        assertThat(partner.requests()).isEqualTo(before);
        assertThat(partner.queued()).hasSize(1);
        aliceIsUntouched();
    }

    @Test
    void aPushToAPollTransmitterIsRefused() {
        Map<String, Object> claims = claims(CAEP + "session-revoked", "alice");
        String token = partner.signer.sign(claims);
        String url = server.baseUrl() + "/realms/" + REALM + "/zero-trust/ssf/push/" + alias;

        for (String bearer : List.of(PollTransmitter.TOKEN, "", "anything")) {
            HttpResult push = Http.sendAs("POST", url, token, "application/secevent+jwt", Map.of("Authorization", "Bearer " + bearer));
            assertThat(push.status()).as(push.toString()).isEqualTo(401);
            assertThat(push.json().path("err").asText()).isEqualTo("authentication_failed");
        }
        assertThat(admin.get(transmitterPath()).expect(200).json().has("pushEndpoint")).isFalse();
        assertThat(admin.put(transmitterPath() + "?rotateSecret=true", pollSettings(3600)).status()).isEqualTo(400);
        aliceIsUntouched();
    }

    @Test
    void aPushTransmitterHasNoPollStatusAndCannotBePolled() {
        String push = "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/pusher-" + serial;
        admin.put(push, Map.of("issuer", "https://pusher.example.test", "jwksUri", partner.jwksUri(), "audience", AUDIENCE)).expect(201);

        assertThat(admin.get(push + "/status").status()).isEqualTo(409);
        assertThat(admin.post(push + "/poll", Map.of()).status()).isEqualTo(409);
        assertThat(admin.put(push, Map.of("issuer", "https://pusher.example.test", "jwksUri", partner.jwksUri(),
                "audience", AUDIENCE, "pollUrl", partner.pollUrl())).status()).as("poll fields on a push transmitter").isEqualTo(400);
        admin.delete(push).expect(204);
    }
}
