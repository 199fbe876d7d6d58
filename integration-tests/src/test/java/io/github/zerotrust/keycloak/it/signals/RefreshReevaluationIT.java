package io.github.zerotrust.keycloak.it.signals;

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
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeviceRemediationPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the client policy {@code zt-continuous-access}, every refresh is judged by the rules of the flow the session
 * signed in through, with the refresh's own facts. A refresh those rules would now refuse gets {@code invalid_grant},
 * and the session is gone: the token (and every copy of it) is dead, from anywhere.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefreshReevaluationIT {

    static final String REALM = "it-refresh-reevaluation";
    static final String MOBILE = "mobile-app";
    static final String WEB = "web-app";
    static final String AGENT_SECRET = "mdm-agent-secret";

    // Addresses the test GeoIP database (demo/zero-trust-demo-geo.mmdb) places; see demo/GEO-DATABASE.md.
    static final String LONDON_OFFICE = "192.0.2.10";
    static final String LONDON_OFFICE_OTHER_DESK = "192.0.2.99";
    static final String MANCHESTER = "203.0.113.200";
    static final String PYONGYANG = "198.51.100.7";
    static final String NOT_IN_DATABASE = "100.64.0.1";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        ObjectNode realm = RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .client(WEB, List.of(app.callback()))
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                // The device story tells the registry's verdicts with the cookie standing for the laptop (as
                // DeviceComplianceIT does); DeviceTrustAttacksIT shows the default, where the laptop proves its key.
                .attribute("zt.device.registry.trust-cookie", "true")
                .directGrantFlow(Flow.topLevel("refresh direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("refresh direct grant blocked countries")
                                .required("zt-condition-country", "block-countries",
                                        Map.of("countries", "KP##RU", "match", "in", "unknown_country", "match"))
                                .required("zt-deny-access", "deny-blocked-countries", Map.of())))
                .browserFlow(Flow.topLevel("refresh browser")
                        .required(Flow.standardSignIn("refresh browser"))
                        .required("zt-device-posture", "check-device", Map.of("sources", "registry"))
                        .conditional(Flow.sub("refresh browser not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                .required("zt-device-remediation")))
                .build();
        ((ObjectNode) realm.get("users").get(0)).putArray("realmRoles").add("offline_access");
        // The event types these tests read (the signal engine's is CUSTOM_REQUIRED_ACTION, zt-signal).
        ArrayNode saved = realm.putArray("enabledEventTypes");
        List.of("LOGIN", "LOGIN_ERROR", "CODE_TO_TOKEN", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "CUSTOM_REQUIRED_ACTION")
                .forEach(saved::add);
        ArrayNode clients = (ArrayNode) realm.get("clients");
        // An app on the user's phone: a public client, whose refreshes come from where the user is.
        clients.addObject().put("clientId", MOBILE).put("enabled", true).put("publicClient", true)
                .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true);
        // The MDM's service account, the only caller allowed to report postures.
        realm.putObject("roles").putArray("realm").addObject().put("name", "zt-device-reporter");
        clients.addObject().put("clientId", "mdm-agent").put("enabled", true).put("publicClient", false)
                .put("secret", AGENT_SECRET).put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        ObjectNode account = ((ArrayNode) realm.get("users")).addObject();
        account.put("username", "service-account-mdm-agent").put("enabled", true).put("serviceAccountClientId", "mdm-agent");
        account.putArray("realmRoles").add("zt-device-reporter");
        admin.createRealm(realm);
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/office",
                Map.of("ranges", List.of("192.0.2.0/24"), "trusted", true)).expect(201);
        continuousAccess(Map.of());
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void freshEvents() {
        admin.clearEvents(REALM);
    }

    /** Every client of the realm runs zt-continuous-access with {@code config}. */
    void continuousAccess(Map<String, String> config) {
        admin.put("/admin/realms/" + REALM + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                "name", "zt-continuous-access", "description", "Every refresh judged again",
                "executors", List.of(Map.of("executor", "zt-continuous-access", "configuration", config)))))).expect(204);
        admin.put("/admin/realms/" + REALM + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                "name", "zt-continuous-access", "enabled", true,
                "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                "profiles", List.of("zt-continuous-access"))))).expect(204);
    }

    JsonNode signIn(String clientId, String from, String scope) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password", "client_id", clientId,
                "username", "alice", "password", "alice-password", "scope", scope));
        if (WEB.equals(clientId)) {
            form.put("client_secret", RealmBuilder.CLIENT_SECRET);
        }
        return Http.postForm(Oidc.tokenUrl(server, REALM), form, Map.of("X-Forwarded-For", from)).expect(200).json();
    }

    HttpResult refresh(String clientId, JsonNode tokens, String from) {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "refresh_token", "client_id", clientId,
                "refresh_token", tokens.path("refresh_token").asText()));
        if (WEB.equals(clientId)) {
            form.put("client_secret", RealmBuilder.CLIENT_SECRET);
        }
        return Http.postForm(Oidc.tokenUrl(server, REALM), form, Map.of("X-Forwarded-For", from));
    }

    String aliceId() {
        return admin.get("/admin/realms/" + REALM + "/users?username=alice&exact=true").expect(200).json().get(0).path("id").asText();
    }

    JsonNode sessions() {
        return admin.get("/admin/realms/" + REALM + "/users/" + aliceId() + "/sessions").expect(200).json();
    }

    static String sessionOf(JsonNode tokens) {
        return Oidc.claims(tokens.path("access_token").asText()).path("sid").asText();
    }

    static void assertRefused(HttpResult result, String description) {
        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(result.json().path("error_description").asText()).isEqualTo(description);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ByDefault {

        @BeforeAll
        void defaults() {
            continuousAccess(Map.of());
        }

        @Test
        void aRefreshFromTheSameAllowedPlaceWorks() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");

            HttpResult refreshed = refresh(MOBILE, tokens, LONDON_OFFICE);

            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(refreshed.json().path("access_token").asText()).isNotEmpty();
            assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).noneMatch(e -> e.path("details").has("zt_signal"));
        }

        @Test
        void aRefreshFromAnotherAllowedCountryWorksWithoutStrictLocation() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");

            assertThat(refresh(MOBILE, tokens, MANCHESTER).status()).isEqualTo(200);
        }

        @Test
        void aStolenRefreshTokenUsedFromABlockedCountryEndsTheSession() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");
            String sessionId = sessionOf(tokens);
            assertThat(sessions()).extracting(s -> s.path("id").asText()).contains(sessionId);

            assertRefused(refresh(MOBILE, tokens, PYONGYANG),
                    "Refresh refused: this request comes from a country the realm blocks (KP); sign in again");

            // The session is gone: the rightful user's next refresh, from the allowed place, fails too.
            HttpResult again = refresh(MOBILE, tokens, LONDON_OFFICE);
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(sessions()).extracting(s -> s.path("id").asText()).doesNotContain(sessionId);

            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_signal", "session-revoked"));
            assertThat(event.path("sessionId").asText()).isEqualTo(sessionId);
            assertThat(event.path("userId").asText()).isEqualTo(aliceId());
            assertThat(Events.detail(event, "zt_signal_source")).isEqualTo("zero-trust");
            assertThat(Events.detail(event, "zt_refresh_check")).isEqualTo("location");
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("block-countries");
            assertThat(Events.detail(event, "zt_reason")).isEqualTo("country KP is in [KP, RU]");
            assertThat(Events.detail(event, "zt_country")).isEqualTo("KP");
            assertThat(Events.detail(event, "zt_address")).isEqualTo("valid");
            assertThat(Events.detail(event, "zt_refresh_address_source")).isEqualTo("request");
            assertThat(Events.detail(event, "zt_signal_client")).isEqualTo(MOBILE);
            assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("1");
            assertThat(event.toString()).doesNotContain(tokens.path("refresh_token").asText());
        }

        @Test
        void aStolenOfflineTokenUsedFromABlockedCountryEndsTheOfflineSession() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid offline_access");
            assertThat(Oidc.claims(tokens.path("refresh_token").asText()).path("typ").asText()).isEqualTo("Offline");

            assertRefused(refresh(MOBILE, tokens, PYONGYANG),
                    "Refresh refused: this request comes from a country the realm blocks (KP); sign in again");

            assertThat(refresh(MOBILE, tokens, LONDON_OFFICE).status()).isEqualTo(400);
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_signal", "session-revoked"));
            assertThat(Events.detail(event, "zt_offline_sessions_ended")).isEqualTo("1");
        }

        @Test
        void aRefreshFromAnAddressTheGeoDatabaseDoesNotKnowIsRefusedAsTheSignInRuleWould() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");

            assertRefused(refresh(MOBILE, tokens, NOT_IN_DATABASE),
                    "Refresh refused: this request comes from a country the realm blocks (unknown); sign in again");
            assertThat(refresh(MOBILE, tokens, LONDON_OFFICE).status()).isEqualTo(400);
        }

        @Test
        void aConfidentialAppsRefreshIsJudgedByTheSignInsAddressNotByItsServersAddress() {
            // The web app's server refreshes from its own address (here one in a blocked country): that address says
            // nothing about the user, so the session is judged by where it signed in.
            JsonNode tokens = signIn(WEB, LONDON_OFFICE, "openid");

            HttpResult refreshed = refresh(WEB, tokens, PYONGYANG);

            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            assertThat(sessions()).extracting(s -> s.path("id").asText()).contains(sessionOf(tokens));
            assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).noneMatch(e -> e.path("details").has("zt_signal"));
        }

        @Test
        void aTokenThatIsNotARefreshTokenOfThisRealmIsLeftToKeycloak() {
            HttpResult result = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token",
                    "client_id", MOBILE, "refresh_token", "not-a-token"), Map.of("X-Forwarded-For", PYONGYANG));

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).noneMatch(e -> e.path("details").has("zt_signal"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithStrictLocation {

        @BeforeAll
        void strict() {
            continuousAccess(Map.of("zt.refresh.strict-location", "true"));
        }

        @AfterAll
        void back() {
            continuousAccess(Map.of());
        }

        @Test
        void aStolenRefreshTokenUsedOutsideTheSignInsZoneIsRefusedEvenFromAnAllowedCountry() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");

            assertRefused(refresh(MOBILE, tokens, MANCHESTER), "Refresh refused: this request comes from outside the network "
                    + "the session signed in from; sign in again");

            assertThat(refresh(MOBILE, tokens, LONDON_OFFICE).status()).isEqualTo(400);
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_refresh_check", "strict-location"));
            assertThat(Events.detail(event, "zt_reason")).isEqualTo("the refresh is outside the zones of the sign-in [office]");
            assertThat(Events.detail(event, "zt_country")).isEqualTo("GB");
            assertThat(Events.detail(event, "zt_zones")).isEqualTo("none");
        }

        @Test
        void aRefreshFromInsideTheSignInsZoneWorks() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");

            assertThat(refresh(MOBILE, tokens, LONDON_OFFICE_OTHER_DESK).status()).isEqualTo(200);
        }

        @Test
        void aSignInInNoZoneBindsItsRefreshesToItsAddress() {
            JsonNode tokens = signIn(MOBILE, MANCHESTER, "openid");

            assertThat(refresh(MOBILE, tokens, MANCHESTER).status()).isEqualTo(200);
            assertRefused(refresh(MOBILE, tokens, "203.0.113.201"), "Refresh refused: this request comes from outside the "
                    + "network the session signed in from; sign in again");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTheRequestAddressOfConfidentialClients {

        @BeforeAll
        void requestAddress() {
            continuousAccess(Map.of("zt.refresh.confidential-clients", "request-address"));
        }

        @AfterAll
        void back() {
            continuousAccess(Map.of());
        }

        @Test
        void aConfidentialAppsRefreshFromABlockedCountryIsRefused() {
            JsonNode tokens = signIn(WEB, LONDON_OFFICE, "openid");

            assertRefused(refresh(WEB, tokens, PYONGYANG),
                    "Refresh refused: this request comes from a country the realm blocks (KP); sign in again");
            assertThat(sessions()).extracting(s -> s.path("id").asText()).doesNotContain(sessionOf(tokens));
        }

        @Test
        void anotherClientPresentingAStolenRefreshTokenFromABlockedCountryCannotEndTheSession() {
            JsonNode tokens = signIn(WEB, LONDON_OFFICE, "openid");

            // The phone app (public: no secret needed) presents the web app's refresh token.
            HttpResult result = refresh(MOBILE, tokens, PYONGYANG);

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error_description").asText()).doesNotStartWith("Refresh refused");
            assertThat(sessions()).extracting(s -> s.path("id").asText()).contains(sessionOf(tokens));
            assertThat(admin.events(REALM, "CUSTOM_REQUIRED_ACTION")).noneMatch(e -> e.path("details").has("zt_signal"));
            assertThat(refresh(WEB, tokens, LONDON_OFFICE).status()).as("the web app still refreshes").isEqualTo(200);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutTheLocationCheck {

        @BeforeAll
        void noLocation() {
            continuousAccess(Map.of("zt.refresh.location", "false"));
        }

        @AfterAll
        void back() {
            continuousAccess(Map.of());
        }

        @Test
        void aRefreshIsJudgedByTheSignInsAddress() {
            JsonNode tokens = signIn(MOBILE, LONDON_OFFICE, "openid");

            assertThat(refresh(MOBILE, tokens, PYONGYANG).status()).isEqualTo(200);
        }
    }

    /** A realm whose direct-grant flow refuses a high-risk sign-in; its refreshes are scored again. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenTheRiskRises {

        static final String RISK_REALM = "it-refresh-reevaluation-risk";
        static final String SYDNEY = "203.0.113.5";

        @BeforeAll
        void riskRealm() {
            admin.deleteRealm(RISK_REALM);
            ObjectNode realm = RealmBuilder.realm(RISK_REALM)
                    .user("bob", "bob-password")
                    .directGrantFlow(Flow.topLevel("risk direct grant")
                            .required("direct-grant-validate-username")
                            .required("direct-grant-validate-password")
                            .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off"))
                            .conditional(Flow.sub("risk direct grant high")
                                    .required("zt-condition-risk-level", "high-risk", Map.of("level", "high"))
                                    .required("zt-deny-access", "deny-high-risk", Map.of())))
                    .build();
            ArrayNode saved = realm.putArray("enabledEventTypes");
            List.of("LOGIN", "LOGIN_ERROR", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR", "CUSTOM_REQUIRED_ACTION").forEach(saved::add);
            ((ArrayNode) realm.get("clients")).addObject().put("clientId", MOBILE).put("enabled", true)
                    .put("publicClient", true).put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true);
            admin.createRealm(realm);
            admin.put("/admin/realms/" + RISK_REALM + "/client-policies/profiles", Map.of("profiles", List.of(Map.of(
                    "name", "zt-continuous-access", "executors", List.of(Map.of("executor", "zt-continuous-access",
                            "configuration", Map.of())))))).expect(204);
            admin.put("/admin/realms/" + RISK_REALM + "/client-policies/policies", Map.of("policies", List.of(Map.of(
                    "name", "zt-continuous-access", "enabled", true,
                    "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                    "profiles", List.of("zt-continuous-access"))))).expect(204);
        }

        @AfterAll
        void deleteRiskRealm() {
            admin.deleteRealm(RISK_REALM);
        }

        JsonNode bobSignsIn(String from) {
            return Http.postForm(Oidc.tokenUrl(server, RISK_REALM), Map.of("grant_type", "password", "client_id", MOBILE,
                    "username", "bob", "password", "bob-password", "scope", "openid"), Map.of("X-Forwarded-For", from))
                    .expect(200).json();
        }

        HttpResult refreshIn(JsonNode tokens, String from) {
            return Http.postForm(Oidc.tokenUrl(server, RISK_REALM), Map.of("grant_type", "refresh_token", "client_id", MOBILE,
                    "refresh_token", tokens.path("refresh_token").asText()), Map.of("X-Forwarded-For", from));
        }

        @Test
        void aStolenRefreshTokenUsedFromTheOtherSideOfTheWorldMinutesLaterIsRefusedAsTooRisky() {
            JsonNode tokens = bobSignsIn(LONDON_OFFICE);
            Events.await(admin, RISK_REALM, "LOGIN", e -> true);
            assertThat(refreshIn(tokens, LONDON_OFFICE).status()).as("from the same place: low risk").isEqualTo(200);

            assertRefused(refreshIn(tokens, SYDNEY), "Refresh refused: the risk of this session is too high now; sign in again");

            assertThat(refreshIn(tokens, LONDON_OFFICE).status()).as("the session is gone").isEqualTo(400);
            JsonNode event = Events.await(admin, RISK_REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_refresh_check", "risk"));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("high-risk");
            assertThat(Events.detail(event, "zt_reason")).contains("impossible-travel");
            assertThat(Events.detail(event, "zt_country")).isEqualTo("AU");
        }
    }

    /** The admin raises the realm's minimum macOS version after alice signed in from her laptop. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhenTheDeviceFallsOutOfCompliance {

        Browser browser;

        @BeforeAll
        void laptop() {
            browser = Browser.start();
        }

        @AfterAll
        void close() {
            browser.close();
            setMinimumMacOs("14.0");
        }

        void setMinimumMacOs(String version) {
            JsonNode realm = admin.get("/admin/realms/" + REALM).expect(200).json();
            ((ObjectNode) realm.path("attributes")).put("zt.device.min-os.macos", version);
            admin.put("/admin/realms/" + REALM, realm).expect(204);
        }

        String agentToken() {
            return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "client_credentials", "client_id",
                    "mdm-agent", "client_secret", AGENT_SECRET), Map.of()).expect(200).json().path("access_token").asText();
        }

        JsonNode signInFromTheLaptop() {
            browser.from(LONDON_OFFICE).open(Oidc.authorizationUrl(server, REALM, WEB, app.callback()) + "&prompt=login");
            new LoginPage(browser).signIn("alice", "alice-password");
            assertThat(new AppPage(browser).isShown()).as(browser.currentUrl()).isTrue();
            return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "authorization_code",
                    "code", new AppPage(browser).code(), "redirect_uri", app.callback(), "client_id", WEB,
                    "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
        }

        @Test
        void aSessionWhoseDeviceNoLongerMeetsTheBaselineCannotRefresh() {
            // First sign-in: the laptop is recorded (and sent to remediation); its MDM then reports it compliant.
            browser.from(LONDON_OFFICE).open(Oidc.authorizationUrl(server, REALM, WEB, app.callback()));
            new LoginPage(browser).signIn("alice", "alice-password");
            assertThat(new DeviceRemediationPage(browser).isShown()).as("not reported yet").isTrue();
            String laptop = admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json()
                    .get(0).path("id").asText();
            Map<String, Object> posture = new HashMap<>(Map.of("device_id", laptop, "platform", "macos", "os_version", "14.5",
                    "disk_encrypted", true, "firewall", true, "screen_lock", true, "threat", "clear", "managed", true,
                    "reported_at", Instant.now().minusSeconds(60).toString()));
            Http.sendJson("POST", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/devices/" + laptop + "/posture",
                    Json.write(posture), Map.of("Authorization", "Bearer " + agentToken())).expect(200);
            JsonNode tokens = signInFromTheLaptop();
            assertThat(refresh(WEB, tokens, LONDON_OFFICE).status()).as("compliant: refreshes").isEqualTo(200);
            admin.clearEvents(REALM);

            setMinimumMacOs("15.0");

            assertRefused(refresh(WEB, tokens, LONDON_OFFICE),
                    "Refresh refused: the session's device no longer meets the realm's device requirements; sign in again");
            assertThat(sessions()).extracting(s -> s.path("id").asText()).doesNotContain(sessionOf(tokens));
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION", Events.withDetail("zt_refresh_check", "device"));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("device-not-compliant");
            // What did not change: the device itself is still in the registry, not retired.
            assertThat(admin.get("/admin/realms/" + REALM + "/zero-trust/devices?user=alice").expect(200).json().get(0)
                    .path("state").asText()).isEqualTo("active");
        }
    }
}
