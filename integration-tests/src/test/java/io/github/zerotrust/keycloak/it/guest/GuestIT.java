package io.github.zerotrust.keycloak.it.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SmtpSink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Guests on the shared server: members of {@code /guests} and users of a partner's identity provider
 * ({@code zt.partner=true}), their sponsor and end date set through the suite's admin API, {@code Zero Trust - guest
 * access} in the browser and direct-grant flows, the expiry turn (every 2 s here) ending access and mailing the sponsor
 * before and after (an SMTP sink), each attack on the record refused with nothing changed, and the maturity check.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestIT {

    static final String REALM = "it-guests";
    static final String GUESTS = "/admin/realms/" + REALM + "/zero-trust/guests";
    static final String LONDON = "192.0.2.10";
    static final String ADMIN_TOOL = "admin-tool";

    KeycloakServer server;
    AdminApi admin;
    SmtpSink smtp;
    AppServer app;
    final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.smtp = new SmtpSink();
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("sam", "sam-password")
                .user("pat", "pat-password")
                .user("kim", "kim-password")
                .user("lee", "lee-password")
                .user("nia", "nia-password")
                .user("partner", "partner-password")
                .user("viewer", "viewer-password")
                .user("usermgr", "usermgr-password")
                .user("gadmin", "gadmin-password")
                .group("guests", "pat", "kim", "lee", "nia", "gadmin")
                .smtp("127.0.0.1", smtp.port())
                .passwordGrantClient("test-app")
                .protocolMapper("test-app", "account-audience", "oidc-audience-mapper")
                .passwordGrantClient(ADMIN_TOOL)
                .client("web-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel("guest browser")
                        .required(Flow.standardSignIn("guest browser"))
                        .required("zt-guest-access", "guest-access", Map.of()))
                .directGrantFlow(Flow.topLevel("guest direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-guest-access", "guest-access-direct", Map.of()))
                .build();
        // The guest's own token reaches the account REST API (audience "account").
        for (JsonNode client : (ArrayNode) realm.get("clients")) {
            if ("test-app".equals(client.path("clientId").asText())) {
                for (JsonNode mapper : client.path("protocolMappers")) {
                    ((ObjectNode) mapper.path("config")).put("included.client.audience", "account");
                }
            }
        }
        realm.put("eventsEnabled", true).put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
        for (JsonNode user : (ArrayNode) realm.get("users")) {
            String name = user.path("username").asText();
            List<String> roles = switch (name) {
                case "usermgr", "gadmin" -> List.of("manage-users", "view-users", "query-users");
                case "viewer" -> List.of("view-users", "query-users");
                default -> List.of();
            };
            if (!roles.isEmpty()) {
                ((ObjectNode) user).putObject("clientRoles").set("realm-management", Json.MAPPER.valueToTree(roles));
            }
            if (name.equals("kim")) {
                // What a user gets to manage his own account (an imported user has no default roles).
                ((ObjectNode) user).putObject("clientRoles").set("account", Json.MAPPER.valueToTree(List.of("manage-account", "view-profile")));
            }
            if (name.equals("partner")) {
                ((ObjectNode) user).putArray("federatedIdentities").addObject()
                        .put("identityProvider", "acme").put("userId", "acme-partner").put("userName", "partner");
            }
        }
        ObjectNode idp = realm.putArray("identityProviders").addObject();
        idp.put("alias", "acme").put("providerId", "oidc").put("enabled", true);
        idp.putObject("config").put("clientId", "keycloak").put("clientSecret", "unused").put("zt.partner", "true")
                .put("authorizationUrl", "https://idp.acme.test/auth").put("tokenUrl", "https://idp.acme.test/token");
        admin.createRealm(realm);
        for (String name : List.of("sam", "pat", "kim", "lee", "nia", "partner", "viewer", "usermgr", "gadmin")) {
            ids.put(name, admin.get("/admin/realms/" + REALM + "/users?username=" + name + "&exact=true").expect(200).json()
                    .get(0).path("id").asText());
        }
        // Admins sign in to the admin API through Keycloak's stock direct-grant flow.
        JsonNode tool = admin.get("/admin/realms/" + REALM + "/clients?clientId=" + ADMIN_TOOL).expect(200).json().get(0);
        ((ObjectNode) tool).putObject("authenticationFlowBindingOverrides").put("direct_grant", flowId("direct grant"));
        admin.put("/admin/realms/" + REALM + "/clients/" + tool.path("id").asText(), tool).expect(204);
        // lee has a record, so the attacks on it show that a refused change leaves it as it was.
        setRecord("lee", ids.get("sam"), Instant.now().plus(Duration.ofDays(20)).toString()).expect(200);
        setRecord("gadmin", ids.get("sam"), Instant.now().plus(Duration.ofDays(30)).toString()).expect(200);
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
        smtp.close();
        app.close();
    }

    String flowId(String alias) {
        for (JsonNode flow : admin.get("/admin/realms/" + REALM + "/authentication/flows").expect(200).json()) {
            if (alias.equals(flow.path("alias").asText())) {
                return flow.path("id").asText();
            }
        }
        throw new AssertionError("no flow " + alias);
    }

    HttpResult setRecord(String guest, String sponsorId, String endsAt) {
        return admin.put(GUESTS + "/" + ids.get(guest), record(sponsorId, endsAt));
    }

    static Map<String, String> record(String sponsorId, String endsAt) {
        Map<String, String> body = new HashMap<>();
        body.put("sponsor", sponsorId);
        body.put("endsAt", endsAt);
        return body;
    }

    /**
     * The guest's record as stored: read through the guests API, because Keycloak's users API does not show unmanaged
     * attributes while the realm's unmanaged-attribute policy is off (the default, which keeps them from the user too).
     */
    Map<String, String> record(String user) {
        JsonNode view = admin.get(GUESTS + "/" + ids.get(user)).expect(200).json();
        Map<String, String> stored = new HashMap<>();
        stored.put("sponsor", view.path("sponsor").isNull() ? null : view.path("sponsor").asText());
        stored.put("endsAt", view.path("endsAt").isNull() ? null : view.path("endsAt").asText());
        return stored;
    }

    HttpResult passwordGrant(String user) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", LONDON);
    }

    @Test
    void aGuestPastHisEndDateCannotSignInHisSessionsEndAndHisSponsorIsToldBeforeAndAfter() {
        Instant end = Instant.now().plusSeconds(8);
        JsonNode set = setRecord("pat", ids.get("sam"), end.toString()).expect(200).json();
        assertThat(set.path("sponsor").asText()).isEqualTo(ids.get("sam"));
        assertThat(set.path("source").asText()).isEqualTo("group");
        JsonNode tokens = passwordGrant("pat").expect(200).json();

        // The end is within the notice days (7): the sponsor is told before it, then after it.
        SmtpSink.Mail before = smtp.await(m -> m.data().contains("Guest access ending soon: pat"));
        assertThat(before.recipients()).containsExactly("sam@example.test");
        SmtpSink.Mail after = smtp.await(m -> m.data().contains("Guest access ended: pat"));
        assertThat(after.recipients()).containsExactly("sam@example.test");
        JsonNode ended = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_action", "access-ended"));
        assertThat(Events.detail(ended, "zt_guest_ends_at")).isEqualTo(end.toString());
        assertThat(Events.detail(ended, "zt_guest_sponsor")).isEqualTo(ids.get("sam"));

        HttpResult refused = passwordGrant("pat");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("access_denied");
        assertThat(refused.json().path("error_description").asText()).startsWith("Your guest access has ended.");
        JsonNode denied = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_rule", "guest-access-direct")
                .and(e -> String.valueOf(Events.detail(e, "zt_reason")).startsWith("guest (group) access ended")));
        assertThat(Events.detail(denied, "zt_reason")).isEqualTo("guest (group) access ended at " + end);

        HttpResult refresh = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token",
                "client_id", "test-app", "client_secret", RealmBuilder.CLIENT_SECRET,
                "refresh_token", tokens.path("refresh_token").asText()), Map.of());
        assertThat(refresh.status()).as(refresh.body()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(admin.get("/admin/realms/" + REALM + "/users/" + ids.get("pat") + "/sessions").expect(200).json()).isEmpty();

        try (Browser browser = Browser.start()) {
            browser.from(LONDON).open(Oidc.authorizationUrl(server, REALM, "web-app", app.callback()));
            new LoginPage(browser).signIn("pat", "pat-password");
            DeniedPage page = new DeniedPage(browser);
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            assertThat(page.message()).isEqualTo("Your guest access has ended. Ask your contact in the organisation to extend it.");
        }
        // Turns kept running all along: each notice went out once.
        assertThat(smtp.mails()).filteredOn(m -> m.data().contains("Guest access ended: pat")).hasSize(1);
        assertThat(smtp.mails()).filteredOn(m -> m.data().contains("Guest access ending soon: pat")).hasSize(1);
        assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).filteredOn(e -> "access-ended".equals(Events.detail(e, "zt_action"))
                && ids.get("pat").equals(e.path("userId").asText())).hasSize(1);
    }

    @Test
    void aPartnerUserWithoutASponsorIsRefusedUntilOneIsSet() {
        HttpResult refused = passwordGrant("partner");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error_description").asText()).startsWith("Your guest access has not been set up yet.");

        JsonNode set = setRecord("partner", ids.get("sam"), Instant.now().plus(Duration.ofDays(30)).toString()).expect(200).json();
        assertThat(set.path("source").asText()).isEqualTo("partner");
        passwordGrant("partner").expect(200);
        assertThat(admin.adminEvents(REALM)).anySatisfy(e -> assertThat(e.path("resourcePath").asText())
                .isEqualTo("zero-trust/guests/" + ids.get("partner")));
    }

    /**
     * A sign-in reads a user's links to identity providers only while the realm has one: disabling the partner's
     * provider (the only one) must not make its users members of the organisation.
     */
    @Test
    void aPartnerUserIsStillAGuestWhileTheRealmsOnlyProviderIsDisabled() {
        String location = admin.post("/admin/realms/" + REALM + "/users", Map.of("username", "partner2", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", "partner2-password", "temporary", false))))
                .expect(201).headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String idpPath = "/admin/realms/" + REALM + "/identity-provider/instances/acme";
        JsonNode provider = admin.get(idpPath).expect(200).json();
        try {
            admin.post("/admin/realms/" + REALM + "/users/" + id + "/federated-identity/acme",
                    Map.of("identityProvider", "acme", "userId", "acme-partner2", "userName", "partner2")).expect(204);
            ((ObjectNode) provider).put("enabled", false);
            admin.put(idpPath, provider).expect(204);

            HttpResult refused = passwordGrant("partner2");
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().path("error_description").asText()).startsWith("Your guest access has not been set up yet.");
            JsonNode view = admin.get(GUESTS + "/" + id).expect(200).json();
            assertThat(view.path("source").asText()).isEqualTo("partner");
            assertThat(view.hasNonNull("sponsor")).as(view.toString()).isFalse();
        } finally {
            ((ObjectNode) provider).put("enabled", true);
            admin.put(idpPath, provider).expect(204);
            admin.delete("/admin/realms/" + REALM + "/users/" + id).expect(204);
        }
    }

    @Test
    void aMemberOfTheOrganisationIsNotAGuestAndSignsIn() {
        passwordGrant("sam").expect(200);
        HttpResult answer = setRecord("sam", ids.get("usermgr"), Instant.now().plus(Duration.ofDays(3)).toString());
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().path("error").asText()).isEqualTo("not-a-guest");
        assertThat(admin.get(GUESTS + "/" + ids.get("sam")).status()).isEqualTo(409);
    }

    void assertRefusedAndUnchanged(String guest, String sponsorId, String endsAt, String problem) {
        Map<String, String> beforeRecord = record(guest);
        HttpResult answer = setRecord(guest, sponsorId, endsAt);
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().path("error").asText()).isEqualTo("invalid-guest");
        assertThat(answer.json().path("error_description").asText()).contains(problem);
        assertThat(record(guest)).isEqualTo(beforeRecord);
    }

    @Test
    void anEndDateInThePastIsRefusedAndNothingChanges() {
        assertRefusedAndUnchanged("lee", ids.get("sam"), Instant.now().minusSeconds(60).toString(), "endsAt: it is in the past");
    }

    @Test
    void anEndDateMoreThanTheLimitAheadIsRefusedAndNothingChanges() {
        assertRefusedAndUnchanged("lee", ids.get("sam"), Instant.now().plus(Duration.ofDays(181)).toString(),
                "endsAt: more than 180 days ahead");
        assertRefusedAndUnchanged("lee", ids.get("sam"), "next tuesday", "endsAt: not an ISO-8601 instant");
    }

    @Test
    void anUnknownSponsorIsRefusedAndNothingChanges() {
        assertRefusedAndUnchanged("lee", "no-such-user-id", Instant.now().plus(Duration.ofDays(3)).toString(),
                "sponsor: no such user in this realm");
    }

    @Test
    void aGuestCannotSponsorAGuestNorHimselfAndNothingChanges() {
        String end = Instant.now().plus(Duration.ofDays(3)).toString();
        assertRefusedAndUnchanged("lee", ids.get("kim"), end, "sponsor: a guest cannot sponsor a guest");
        assertRefusedAndUnchanged("lee", ids.get("partner"), end, "sponsor: a guest cannot sponsor a guest");
        assertRefusedAndUnchanged("lee", ids.get("lee"), end, "sponsor: a guest cannot sponsor himself");
    }

    @Test
    void aGuestCannotExtendHisOwnAccess() {
        Instant end = Instant.now().plus(Duration.ofDays(2));
        setRecord("kim", ids.get("sam"), end.toString()).expect(200);
        String token = passwordGrant("kim").expect(200).json().path("access_token").asText();
        String account = server.baseUrl() + "/realms/" + REALM + "/account";
        JsonNode me = Http.get(account, Map.of("Authorization", "Bearer " + token, "Accept", "application/json")).expect(200).json();
        ObjectNode extended = me.deepCopy();
        extended.putObject("attributes").putArray("zt.guest.ends-at").add("2099-01-01T00:00:00Z");
        ((ObjectNode) extended.get("attributes")).putArray("zt.guest.sponsor").add(ids.get("kim"));

        HttpResult answer = Http.sendJson("POST", account, extended.toString(), Map.of("Authorization", "Bearer " + token));

        assertThat(answer.status()).as(answer.body()).isIn(200, 204, 400);
        assertThat(record("kim")).containsEntry("endsAt", end.toString()).containsEntry("sponsor", ids.get("sam"));
        assertThat(admin.get(GUESTS + "/" + ids.get("kim")).expect(200).json().path("protectedRecord").asBoolean()).isTrue();
        passwordGrant("kim").expect(200);
    }

    @Test
    void anAdminWithoutManageUsersCannotSetASponsor() {
        Map<String, String> before = record("nia");
        String viewer = Oidc.passwordGrant(server, REALM, ADMIN_TOOL, "viewer", "viewer-password", LONDON).expect(200).json()
                .path("access_token").asText();
        HttpResult answer = Http.sendJson("PUT", server.baseUrl() + GUESTS + "/" + ids.get("nia"),
                Json.write(record(ids.get("sam"), Instant.now().plus(Duration.ofDays(3)).toString())),
                Map.of("Authorization", "Bearer " + viewer));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(record("nia")).isEqualTo(before);

        // The same request from an admin who may manage users is taken.
        String usermgr = Oidc.passwordGrant(server, REALM, ADMIN_TOOL, "usermgr", "usermgr-password", LONDON).expect(200).json()
                .path("access_token").asText();
        HttpResult allowed = Http.sendJson("PUT", server.baseUrl() + GUESTS + "/" + ids.get("nia"),
                Json.write(record(ids.get("sam"), Instant.now().plus(Duration.ofDays(3)).toString())),
                Map.of("Authorization", "Bearer " + usermgr));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
    }

    @Test
    void aGuestWhoMayManageUsersCannotExtendHisOwnAccessNorNameHisSponsor() {
        Map<String, String> before = record("gadmin");
        String own = Oidc.passwordGrant(server, REALM, ADMIN_TOOL, "gadmin", "gadmin-password", LONDON).expect(200).json()
                .path("access_token").asText();
        HttpResult answer = Http.sendJson("PUT", server.baseUrl() + GUESTS + "/" + ids.get("gadmin"),
                Json.write(record(ids.get("usermgr"), Instant.now().plus(Duration.ofDays(150)).toString())),
                Map.of("Authorization", "Bearer " + own));
        assertThat(answer.status()).as(answer.body()).isEqualTo(403);
        assertThat(answer.json().path("error").asText()).isEqualTo("own-guest-record");
        assertThat(record("gadmin")).isEqualTo(before);

        // The same rights over another guest are taken: the refusal is about his own record, not his rights.
        HttpResult other = Http.sendJson("PUT", server.baseUrl() + GUESTS + "/" + ids.get("nia"),
                Json.write(record(ids.get("sam"), Instant.now().plus(Duration.ofDays(4)).toString())),
                Map.of("Authorization", "Bearer " + own));
        assertThat(other.status()).as(other.body()).isEqualTo(200);
    }

    @Test
    void aUserWithoutAdminRolesCannotListGuestsNorReadOrSetARecord() {
        Map<String, String> before = record("nia");
        String plain = Oidc.passwordGrant(server, REALM, ADMIN_TOOL, "sam", "sam-password", LONDON).expect(200).json()
                .path("access_token").asText();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + plain);
        assertThat(Http.get(server.baseUrl() + GUESTS, bearer).status()).isEqualTo(403);
        assertThat(Http.get(server.baseUrl() + GUESTS + "/" + ids.get("nia"), bearer).status()).isEqualTo(403);
        HttpResult put = Http.sendJson("PUT", server.baseUrl() + GUESTS + "/" + ids.get("nia"),
                Json.write(record(ids.get("sam"), Instant.now().plus(Duration.ofDays(5)).toString())), bearer);
        assertThat(put.status()).isEqualTo(403);
        assertThat(record("nia")).isEqualTo(before);
    }

    @Test
    void theMaturityAssessmentCountsGuestsWithoutASponsorOrEndDate() {
        // nia may have a record by now (another test); a fresh guest of the group has none.
        String id = admin.post("/admin/realms/" + REALM + "/users", Map.of("username", "tom", "enabled", true,
                "groups", List.of("/guests"))).expect(201).headers().firstValue("Location").orElseThrow();
        try {
            JsonNode assessment = admin.get("/admin/realms/" + REALM + "/zero-trust/assessment").expect(200).json();
            JsonNode check = null;
            for (JsonNode c : assessment.path("checks")) {
                if ("guests-sponsored".equals(c.path("id").asText())) {
                    check = c;
                }
            }
            assertThat(check).isNotNull();
            assertThat(check.path("status").asText()).isIn("partial", "fail");
            assertThat(check.path("evidence").asText()).contains("no sponsor: ").contains("tom").contains("no end date: ");
        } finally {
            admin.delete("/admin/realms/" + REALM + "/users/" + id.substring(id.lastIndexOf('/') + 1)).expect(204);
        }
    }
}
