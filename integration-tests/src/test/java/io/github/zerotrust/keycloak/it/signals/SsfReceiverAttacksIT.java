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
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Shared Signals push endpoint against SETs an attacker could send: each is refused with its RFC 8935 code (or,
 * when it names nobody or nothing known, accepted and ignored) and alice's session lives on. The good path: a partner's
 * {@code session-revoked} ends a user's sessions, its {@code account-disabled} disables the account.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SsfReceiverAttacksIT {

    static final String REALM = "it-ssf-attacks";
    static final String AUDIENCE = "https://home.example.test/ssf";
    static final String SET_TYPE = "application/secevent+jwt";

    KeycloakServer server;
    AdminApi admin;
    Transmitter partner;
    String secret;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        partner = new Transmitter("https://partner.example.test");
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password").user("bob", "bob-password").user("dave", "dave-password")
                .user("erin", "erin-password").user("frank", "frank-password").user("mallory", "mallory-password")
                .passwordGrantClient("test-app").build();
        realm.set("enabledEventTypes", Json.MAPPER.valueToTree(List.of("LOGIN", "CUSTOM_REQUIRED_ACTION",
                "CUSTOM_REQUIRED_ACTION_ERROR")));
        // Mallory typed an address into her profile; nobody verified it.
        for (JsonNode user : realm.get("users")) {
            if ("mallory".equals(user.path("username").asText())) {
                ((ObjectNode) user).put("email", "ceo@partner.example.test").put("emailVerified", false);
            }
        }
        admin.createRealm(realm);
        HttpResult created = admin.put(transmitterPath(), Map.of("issuer", partner.issuer, "jwksUri", partner.jwksUri(),
                "audience", AUDIENCE)).expect(201);
        secret = created.json().path("pushSecret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void aManageRealmAdminWithoutManageUsersCannotTrustATransmitterOfHisOwn() {
        // rita runs the realm's settings (manage-realm) but may not disable users or remove passwords: a transmitter
        // of her own would do it for her.
        Accounts accounts = new Accounts(server, admin, REALM);
        admin.post("/admin/realms/" + REALM + "/users", Map.of("username", "rita", "enabled", true, "email",
                "rita@example.test", "emailVerified", true, "firstName", "Rita", "lastName", "Tester",
                "credentials", List.of(Map.of("type", "password", "value", "rita-password", "temporary", false))))
                .expect(201);
        accounts.adminRole("rita", "manage-realm");
        String rita = accounts.signIn("rita").access();
        Map<String, String> asRita = Map.of("Authorization", "Bearer " + rita);

        HttpResult trust = Http.sendJson("PUT", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/rogue",
                Json.write(Map.of("issuer", "https://rogue.example.test", "jwks", Map.of("keys", List.of()), "audience", AUDIENCE)),
                asRita);
        HttpResult distrust = Http.sendAs("DELETE", server.baseUrl() + transmitterPath(), "", null, asRita);

        assertThat(trust.status()).as(trust.toString()).isEqualTo(403);
        assertThat(distrust.status()).as(distrust.toString()).isEqualTo(403);
        assertThat(admin.get("/admin/realms/" + REALM).expect(200).json().path("attributes").has("zt.ssf.transmitter.rogue"))
                .isFalse();
        admin.get(transmitterPath()).expect(200); // the partner is still trusted
        assertThat(Http.sendJson("PUT", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/rogue",
                "{}", asRita).status()).as("not even a bad body is read").isEqualTo(403);
    }

    @Test
    void aViewRealmAdminCanReadTransmittersButCannotChangeThem() {
        // vera may look at the realm's settings; trusting, changing or dropping a transmitter is not hers to do.
        Accounts accounts = new Accounts(server, admin, REALM);
        admin.post("/admin/realms/" + REALM + "/users", Map.of("username", "vera", "enabled", true, "email",
                "vera@example.test", "emailVerified", true, "firstName", "Vera", "lastName", "Tester",
                "credentials", List.of(Map.of("type", "password", "value", "vera-password", "temporary", false))))
                .expect(201);
        accounts.adminRole("vera", "view-realm");
        Map<String, String> asVera = Map.of("Authorization", "Bearer " + accounts.signIn("vera").access());
        String before = admin.get(transmitterPath()).expect(200).body();

        HttpResult read = Http.sendAs("GET", server.baseUrl() + transmitterPath(), "", null, asVera);
        HttpResult change = Http.sendJson("PUT", server.baseUrl() + transmitterPath(),
                Json.write(Map.of("issuer", "https://rogue.example.test", "jwks", Map.of("keys", List.of()), "audience", AUDIENCE)),
                asVera);
        HttpResult trust = Http.sendJson("PUT", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/vera",
                Json.write(Map.of("issuer", "https://rogue.example.test", "jwks", Map.of("keys", List.of()), "audience", AUDIENCE)),
                asVera);
        HttpResult distrust = Http.sendAs("DELETE", server.baseUrl() + transmitterPath(), "", null, asVera);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body()).doesNotContain("pushSecret").doesNotContain(secret);
        assertThat(List.of(change.status(), trust.status(), distrust.status())).containsOnly(403);
        assertThat(admin.get(transmitterPath()).expect(200).body()).as("the partner is unchanged").isEqualTo(before);
        assertThat(admin.get("/admin/realms/" + REALM).expect(200).json().path("attributes").has("zt.ssf.transmitter.vera"))
                .isFalse();
    }

    @Test
    void aSignedInUserWithoutAdminRolesCannotListTheTrustedTransmitters() {
        Accounts accounts = new Accounts(server, admin, REALM);
        Map<String, String> asBob = Map.of("Authorization", "Bearer " + accounts.signIn("bob").access());

        HttpResult list = Http.sendAs("GET", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters", "",
                null, asBob);
        HttpResult one = Http.sendAs("GET", server.baseUrl() + transmitterPath(), "", null, asBob);
        HttpResult anonymous = Http.sendAs("GET", server.baseUrl() + transmitterPath(), "", null, Map.of());

        assertThat(list.status()).as(list.toString()).isEqualTo(403);
        assertThat(one.status()).as(one.toString()).isEqualTo(403);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(list.body() + one.body() + anonymous.body()).doesNotContain(partner.issuer);
    }

    @AfterAll
    void cleanUp() {
        partner.close();
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void aliceIsSignedIn() {
        admin.clearEvents(REALM);
        signIn("alice");
        assertThat(sessions("alice")).isNotEmpty();
    }

    static String transmitterPath() {
        return "/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/partner";
    }

    String pushUrl(String alias) {
        return server.baseUrl() + "/realms/" + REALM + "/zero-trust/ssf/push/" + alias;
    }

    HttpResult push(String body) {
        return Http.sendAs("POST", pushUrl("partner"), body, SET_TYPE, Map.of("Authorization", "Bearer " + secret));
    }

    Map<String, Object> revokeAlice() {
        return partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(), Transmitter.email("alice@example.test"));
    }

    String signIn(String user) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", "192.0.2.10").expect(200).json()
                .path("refresh_token").asText();
    }

    JsonNode user(String username) {
        return admin.get("/admin/realms/" + REALM + "/users?exact=true&username=" + username).expect(200).json().get(0);
    }

    List<JsonNode> sessions(String username) {
        List<JsonNode> sessions = new java.util.ArrayList<>();
        admin.get("/admin/realms/" + REALM + "/users/" + user(username).path("id").asText() + "/sessions").expect(200).json()
                .forEach(sessions::add);
        return sessions;
    }

    /** The refusal's status and RFC code, its event, and alice untouched. */
    void refused(HttpResult answer, int status, String code, String token) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.json().path("err").asText()).isEqualTo(code);
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", Events.withDetail("zt_ssf_error", code));
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("refused");
        if (token != null) {
            assertThat(event.toString()).doesNotContain(token);
        }
        aliceIsUntouched();
    }

    void aliceIsUntouched() {
        assertThat(sessions("alice")).isNotEmpty();
        assertThat(user("alice").path("enabled").asBoolean()).isTrue();
        assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).noneMatch(e -> e.path("details").has("zt_signal"));
    }

    @Test
    void aSetWithAForgedSignatureIsInvalidKey() {
        String token = partner.forged(revokeAlice());
        refused(push(token), 400, "invalid_key", token);
    }

    @Test
    void anUnsignedSetIsInvalidKey() {
        String token = partner.unsigned(revokeAlice());
        refused(push(token), 400, "invalid_key", token);
    }

    @Test
    void anHs256SetKeyedWithTheTransmittersPublicKeyIsInvalidKey() {
        String token = partner.hmacWithPublicKey(revokeAlice());
        refused(push(token), 400, "invalid_key", token);
    }

    @Test
    void aSetSignedWithA1024BitRsaKeyIsInvalidKey() {
        String token = partner.signedWithWeakKey(revokeAlice());
        refused(push(token), 400, "invalid_key", token);
    }

    @Test
    void aSetFromAnotherIssuerIsInvalidIssuer() {
        Map<String, Object> claims = new HashMap<>(revokeAlice());
        claims.put("iss", "https://evil.example.test");
        String token = partner.sign(claims);
        refused(push(token), 400, "invalid_issuer", token);
    }

    @Test
    void aSetForAnotherReceiverIsInvalidAudience() {
        Map<String, Object> claims = new HashMap<>(revokeAlice());
        claims.put("aud", List.of("https://other-receiver.example.test"));
        String token = partner.sign(claims);
        refused(push(token), 400, "invalid_audience", token);
    }

    @Test
    void aSetOlderThanTheMaximumAgeIsRefused() {
        Map<String, Object> claims = new HashMap<>(revokeAlice());
        claims.put("iat", Instant.now().minusSeconds(11 * 60).getEpochSecond());
        String token = partner.sign(claims);
        refused(push(token), 400, "invalid_request", token);
    }

    @Test
    void aSetIssuedInTheFutureIsRefused() {
        Map<String, Object> claims = new HashMap<>(revokeAlice());
        claims.put("iat", Instant.now().plusSeconds(10 * 60).getEpochSecond());
        String token = partner.sign(claims);
        refused(push(token), 400, "invalid_request", token);
    }

    @Test
    void aReplayedSetIsRefusedAndEndsNothingTheSecondTime() {
        signIn("bob");
        String token = partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(),
                Transmitter.email("bob@example.test")));
        assertThat(push(token).status()).isEqualTo(202);
        assertThat(sessions("bob")).isEmpty();
        admin.clearEvents(REALM);
        signIn("bob");

        HttpResult replay = push(token);

        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().path("err").asText()).isEqualTo("invalid_request");
        assertThat(replay.json().path("description").asText()).contains("replay");
        assertThat(sessions("bob")).isNotEmpty();
        aliceIsUntouched();
    }

    @Test
    void anOversizedBodyIsRefused() {
        Map<String, Object> claims = new HashMap<>(revokeAlice());
        claims.put("padding", "x".repeat(70 * 1024));
        String token = partner.sign(claims);
        refused(push(token), 400, "invalid_request", null);
    }

    @Test
    void aBodyThatIsNotAJwtIsRefused() {
        refused(push("this is not a token"), 400, "invalid_request", null);
        refused(push("e30.e30.e30"), 400, "invalid_request", null);
        refused(push("{\"events\":{}}"), 400, "invalid_request", null);
    }

    @Test
    void aSetSentAsJsonIsRefused() {
        String token = partner.sign(revokeAlice());
        HttpResult answer = Http.sendAs("POST", pushUrl("partner"), token, "application/json", Map.of("Authorization", "Bearer " + secret));
        refused(answer, 400, "invalid_request", token);
    }

    @Test
    void aPushWithoutTheTransmittersSecretIsRefused() {
        String token = partner.sign(revokeAlice());
        refused(Http.sendAs("POST", pushUrl("partner"), token, SET_TYPE, Map.of()), 401, "authentication_failed", token);
        refused(Http.sendAs("POST", pushUrl("partner"), token, SET_TYPE, Map.of("Authorization", "Bearer " + secret + "x")),
                401, "authentication_failed", token);
        // The same answer for a transmitter that does not exist: the endpoint does not tell which aliases are trusted.
        HttpResult unknown = Http.sendAs("POST", pushUrl("nobody"), token, SET_TYPE, Map.of("Authorization", "Bearer " + secret));
        refused(unknown, 401, "authentication_failed", token);
        assertThat(push(token).status()).as("the SET itself was good: its jti was not used up").isEqualTo(202);
    }

    @Test
    void anUnknownEventIsAcceptedAndChangesNothing() {
        HttpResult answer = push(partner.sign(partner.claims(AUDIENCE, "https://schemas.example.test/event-type/launch-missiles",
                Map.of(), Transmitter.email("alice@example.test"))));
        assertThat(answer.status()).isEqualTo(202);
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "ignored"));
        assertThat(Events.detail(event, "zt_ssf_event")).isEqualTo("unknown");
        aliceIsUntouched();
    }

    @Test
    void aSetNamingNobodyIsAcceptedLeaksNothingAndChangesNothing() {
        HttpResult nobody = push(partner.sign(partner.claims(AUDIENCE, Transmitter.RISC + "account-disabled", Map.of(),
                Transmitter.email("nobody@example.test"))));
        HttpResult known = push(partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "token-claims-change", Map.of(),
                Transmitter.email("alice@example.test"))));
        assertThat(nobody.status()).isEqualTo(202);
        assertThat(nobody.body()).isEqualTo(known.body());
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "unknown-subject"));
        assertThat(Events.detail(event, "zt_ssf_event")).isEqualTo("account-disabled");
        aliceIsUntouched();
    }

    @Test
    void anUnverifiedAddressNamesNobody() {
        signIn("mallory");
        HttpResult answer = push(partner.sign(partner.claims(AUDIENCE, Transmitter.RISC + "account-disabled", Map.of(),
                Transmitter.email("ceo@partner.example.test"))));
        assertThat(answer.status()).isEqualTo(202);
        Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "unknown-subject"));
        assertThat(user("mallory").path("enabled").asBoolean()).isTrue();
        assertThat(sessions("mallory")).isNotEmpty();
    }

    @Test
    void aTransmitterCannotNameAUserItHasNoLinkTo() {
        // iss_sub for another issuer, and for its own issuer with alice's own id: without a federated link, nobody.
        for (Map<String, Object> subject : List.<Map<String, Object>>of(
                Map.of("format", "iss_sub", "iss", "https://idp.other.example.test", "sub", user("alice").path("id").asText()),
                Map.of("format", "iss_sub", "iss", partner.issuer, "sub", user("alice").path("id").asText()),
                Map.of("format", "complex", "user", Map.of("format", "iss_sub", "iss", partner.issuer, "sub", "alice")))) {
            assertThat(push(partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(), subject))).status())
                    .isEqualTo(202);
        }
        assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).hasSize(3)
                .allSatisfy(e -> assertThat(Events.detail(e, "zt_ssf_outcome")).isEqualTo("unknown-subject"));
        aliceIsUntouched();
    }

    @Test
    void aPartnerAddedAsAnIdentityProviderLaterCanNoLongerNameUsersItHasNoLinkTo() {
        // A realm without identity providers lets a transmitter name users by verified address; the receiver keeps
        // that knowledge in Keycloak's realm cache, which must forget it the moment a provider with the issuer comes.
        assertThat(push(partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(),
                Transmitter.email("nobody@example.test")))).status()).isEqualTo(202);
        Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "unknown-subject"));
        admin.clearEvents(REALM);
        signIn("frank");
        String providers = "/admin/realms/" + REALM + "/identity-provider/instances";
        admin.post(providers, Map.of("alias", "partner-idp", "providerId", "oidc", "enabled", true, "config", Map.of(
                "issuer", partner.issuer, "authorizationUrl", partner.issuer + "/auth", "tokenUrl", partner.issuer + "/token",
                "clientId", "home", "clientSecret", "home-secret", "clientAuthMethod", "client_secret_post"))).expect(201);
        try {
            assertThat(push(partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(),
                    Transmitter.email("frank@example.test")))).status()).isEqualTo(202);
            Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "unknown-subject"));
            assertThat(sessions("frank")).as("frank has no link to the partner's provider").isNotEmpty();
        } finally {
            admin.delete(providers + "/partner-idp").expect(204);
        }
        // Without the provider the partner names users by address again: the same SET now ends frank's session.
        assertThat(push(partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(),
                Transmitter.email("frank@example.test")))).status()).isEqualTo(202);
        assertThat(sessions("frank")).isEmpty();
        assertThat(sessions("alice")).as("only frank was named").isNotEmpty();
    }

    @Test
    void aPartnersSessionRevokedEndsTheUsersSessionsAndTheirRefreshTokens() {
        String refresh = signIn("dave");
        String token = partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked",
                Map.of("initiating_entity", "admin"), Transmitter.email("dave@example.test")));

        assertThat(push(token).status()).isEqualTo(202);

        assertThat(sessions("dave")).isEmpty();
        assertThat(Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", refresh), Map.of()).status()).isEqualTo(400);
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_event", "session-revoked"));
        assertThat(Events.detail(event, "zt_ssf_outcome")).isEqualTo("acted");
        assertThat(Events.detail(event, "zt_ssf_issuer")).isEqualTo(partner.issuer);
        assertThat(Events.detail(event, "zt_signal")).isEqualTo("session-revoked");
        assertThat(Events.detail(event, "zt_signal_source")).isEqualTo("ssf:" + partner.issuer);
        assertThat(event.toString()).doesNotContain(token).doesNotContain(secret);
        assertThat(sessions("alice")).as("only dave's sessions end").isNotEmpty();
    }

    @Test
    void aPartnersAccountDisabledDisablesTheUser() {
        signIn("erin");

        assertThat(push(partner.sign(partner.claims(AUDIENCE, Transmitter.RISC + "account-disabled", Map.of(),
                Transmitter.email("erin@example.test")))).status()).isEqualTo(202);

        assertThat(user("erin").path("enabled").asBoolean()).isFalse();
        assertThat(sessions("erin")).isEmpty();
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_event", "account-disabled"));
        assertThat(Events.detail(event, "zt_signal")).isEqualTo("user-disabled");
        assertThat(sessions("alice")).isNotEmpty();
    }

    @Test
    void aTransmitterTrustedOnlyToSignOutCannotDisableAccounts() {
        // An MDM with its keys given to the realm (no JWKS URL), trusted for session-revoked only.
        Transmitter mdm = new Transmitter("https://mdm.example.test");
        try {
            HttpResult created = admin.put("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/mdm", Map.of("issuer", mdm.issuer,
                    "jwks", Json.parse(mdm.jwks()), "audience", AUDIENCE, "triggers", List.of("session-revoked"))).expect(201);
            String mdmSecret = created.json().path("pushSecret").asText();
            signIn("frank");

            HttpResult answer = Http.sendAs("POST", pushUrl("mdm"), mdm.sign(mdm.claims(AUDIENCE, Transmitter.RISC + "account-disabled",
                    Map.of(), Transmitter.email("frank@example.test"))), SET_TYPE, Map.of("Authorization", "Bearer " + mdmSecret));

            assertThat(answer.status()).isEqualTo(202);
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_ssf_outcome", "not-allowed"));
            assertThat(Events.detail(event, "zt_ssf_transmitter")).isEqualTo("mdm");
            assertThat(user("frank").path("enabled").asBoolean()).isTrue();
            assertThat(sessions("frank")).isNotEmpty();
            // What it is trusted for, it does: its keys verify, its sign-out ends frank's sessions.
            assertThat(Http.sendAs("POST", pushUrl("mdm"), mdm.sign(mdm.claims(AUDIENCE, Transmitter.CAEP + "session-revoked",
                    Map.of(), Transmitter.email("frank@example.test"))), SET_TYPE, Map.of("Authorization", "Bearer " + mdmSecret))
                    .status()).isEqualTo(202);
            assertThat(sessions("frank")).isEmpty();
            // Each transmitter's secret opens its own endpoint only.
            assertThat(Http.sendAs("POST", pushUrl("partner"), partner.sign(revokeAlice()), SET_TYPE,
                    Map.of("Authorization", "Bearer " + mdmSecret)).status()).isEqualTo(401);
            assertThat(sessions("alice")).isNotEmpty();
        } finally {
            admin.delete("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/mdm");
            mdm.close();
        }
    }

    @Test
    void thePushSecretIsAnsweredOnceAndNeverShownAgain() {
        HttpResult read = admin.get(transmitterPath()).expect(200);
        assertThat(read.json().path("issuer").asText()).isEqualTo(partner.issuer);
        assertThat(read.json().has("pushSecret")).isFalse();
        assertThat(read.body()).doesNotContain(secret).doesNotContain("Sha256");
        assertThat(admin.get("/admin/realms/" + REALM).expect(200).body()).doesNotContain(secret);
        assertThat(admin.adminEvents(REALM).toString()).doesNotContain(secret);
        HttpResult updated = admin.put(transmitterPath(), Map.of("issuer", partner.issuer, "jwksUri", partner.jwksUri(),
                "audience", AUDIENCE)).expect(200);
        assertThat(updated.json().has("pushSecret")).as("an update keeps the secret").isFalse();
        assertThat(push(partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "token-claims-change", Map.of(),
                Transmitter.email("alice@example.test")))).status()).isEqualTo(202);
    }

    @Test
    void aTransmitterTravelsWithTheRealmsExportAndKeepsItsSecret() {
        String copy = REALM + "-copy";
        JsonNode exported = admin.post("/admin/realms/" + REALM + "/partial-export?exportClients=false&exportGroupsAndRoles=false",
                Map.of()).expect(200).json();
        JsonNode attributes = exported.path("attributes");
        assertThat(attributes.has("zt.ssf.transmitter.partner")).as(attributes.toString()).isTrue();
        assertThat(exported.toString()).doesNotContain(secret);
        admin.deleteRealm(copy);
        ObjectNode imported = RealmBuilder.realm(copy).user("gina", "gina-password").passwordGrantClient("test-app").build();
        imported.set("attributes", attributes);
        admin.createRealm(imported);
        try {
            String refresh = Oidc.passwordGrant(server, copy, "test-app", "gina", "gina-password", "192.0.2.10").expect(200).json()
                    .path("refresh_token").asText();

            HttpResult answer = Http.sendAs("POST", server.baseUrl() + "/realms/" + copy + "/zero-trust/ssf/push/partner",
                    partner.sign(partner.claims(AUDIENCE, Transmitter.CAEP + "session-revoked", Map.of(),
                            Transmitter.email("gina@example.test"))), SET_TYPE, Map.of("Authorization", "Bearer " + secret));

            assertThat(answer.status()).isEqualTo(202);
            assertThat(Http.postForm(Oidc.tokenUrl(server, copy), Map.of("grant_type", "refresh_token", "client_id", "test-app",
                    "client_secret", RealmBuilder.CLIENT_SECRET, "refresh_token", refresh), Map.of()).status()).isEqualTo(400);
        } finally {
            admin.deleteRealm(copy);
        }
    }

    @Test
    void aTransmitterWithBadSettingsIsRefusedWithEveryProblem() {
        HttpResult answer = admin.put("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/broken",
                Map.of("issuer", "not a uri", "jwksUri", "file:///etc/passwd", "triggers", List.of("contain-user")));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("invalid-transmitter");
        assertThat(answer.json().path("error_description").asText()).contains("'issuer'").contains("'jwksUri'")
                .contains("'audience' is required").contains("contain-user");
        assertThat(admin.get("/admin/realms/" + REALM + "/zero-trust/ssf/transmitters/broken").status()).isEqualTo(404);
    }
}
