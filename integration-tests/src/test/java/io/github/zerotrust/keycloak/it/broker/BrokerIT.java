package io.github.zerotrust.keycloak.it.broker;

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
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;

/**
 * Partners sign in through their own identity provider under the home realm's rules: a real second realm
 * {@code partner} on the same server is the OIDC provider of realm {@code home} (client secret, discovery), its users
 * sign in with a password and a one-time code there ({@code acr} {@code urn:partner:mfa} through its
 * {@code acr.loa.map}), and home's post-broker-login flow judges every such sign-in: a blocked country is refused,
 * the partner's MFA counts only when home trusts it and maps the {@code acr}. A rogue provider that forges its ID
 * token gets nothing.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerIT {

    static final String HOME = "it-broker-home";
    static final String PARTNER = "it-broker-partner";
    static final String IDP = "partner";
    static final String ROGUE = "rogue";
    static final String FIRST_LOGIN_IDP = "partner-first-login";
    static final String FIRST_BROKER = "home first-broker";
    static final String POST_BROKER = "home post-broker";
    /** What Keycloak calls a refusal in the post-broker-login flow (LOGIN_ERROR in the browser flow). */
    static final String POST_LOGIN_ERROR = "IDENTITY_PROVIDER_POST_LOGIN_ERROR";
    /** Each partner user's authenticator-app secret is this and the username. */
    static final String OTP_SECRET = "zero-trust-otp-secret-b-";
    static final String LONDON = "192.0.2.10";
    static final String PYONGYANG = "198.51.100.7";
    static final String TRUSTED_MAP = "{\"urn:partner:mfa\":\"mfa\",\"urn:partner:phr\":\"phr\"}";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    RogueProvider rogue;
    Browser browser;

    @BeforeAll
    void createRealms(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        this.rogue = RogueProvider.start();
        admin.deleteRealm(HOME);
        admin.deleteRealm(PARTNER);
        String brokerEndpoint = server.baseUrl() + "/realms/" + HOME + "/broker/" + IDP + "/endpoint";
        String firstLoginEndpoint = server.baseUrl() + "/realms/" + HOME + "/broker/" + FIRST_LOGIN_IDP + "/endpoint";
        ObjectNode partner = RealmBuilder.realm(PARTNER)
                .attribute("acr.loa.map", "{\"urn:partner:pwd\":1,\"urn:partner:mfa\":2}")
                .userWithOtp("pat", "pat-password", OTP_SECRET + "pat")
                .userWithOtp("pia", "pia-password", OTP_SECRET + "pia")
                .userWithOtp("pam", "pam-password", OTP_SECRET + "pam")
                .userWithOtp("paul", "paul-password", OTP_SECRET + "paul")
                .userWithOtp("pete", "pete-password", OTP_SECRET + "pete")
                .userWithOtp("penny", "penny-password", OTP_SECRET + "penny")
                .userWithOtp("pax", "pax-password", OTP_SECRET + "pax")
                .userWithOtp("pilar", "pilar-password", OTP_SECRET + "pilar")
                .client("home-broker", List.of(brokerEndpoint, firstLoginEndpoint))
                // Every sign-in of home's users at the partner asks for the partner's MFA level.
                .clientAttribute("home-broker", "default.acr.values", "urn:partner:mfa")
                .browserFlow(Flow.topLevel("partner browser")
                        .alternative("auth-cookie")
                        .alternative(Flow.sub("partner levels")
                                .conditional(Flow.sub("partner password")
                                        .required("conditional-level-of-authentication", "partner-level-1",
                                                Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                        .required("auth-username-password-form"))
                                .conditional(Flow.sub("partner one-time code")
                                        .required("conditional-level-of-authentication", "partner-level-2",
                                                Map.of("loa-condition-level", "2", "loa-max-age", "36000"))
                                        .required("auth-otp-form"))))
                .build();
        admin.createRealm(partner);
        admin.createRealm(RealmBuilder.realm(HOME)
                .user("hanna", "hanna-password")
                .client("test-app", List.of(app.callback()))
                .flow(Flow.topLevel(POST_BROKER)
                        .conditional(Flow.sub(POST_BROKER + " blocked countries")
                                .required("zt-condition-country", "partner-block-countries", Map.of("countries", "KP##RU"))
                                .required("zt-deny-access", "partner-deny-countries", Map.of()))
                        .required("zt-require-mfa", "partner-mfa", Map.of("grace_days", "7")))
                // The first sign-in through a provider: judged before the account is created.
                .flow(Flow.topLevel(FIRST_BROKER)
                        .conditional(Flow.sub(FIRST_BROKER + " blocked countries")
                                .required("zt-condition-country", "first-login-block-countries", Map.of("countries", "KP##RU"))
                                .required("zt-deny-access", "first-login-deny-countries", Map.of()))
                        .required("idp-create-user-if-unique"))
                .build());
        createPartnerProvider(IDP, Map.of("postBrokerLoginFlowAlias", POST_BROKER));
        createPartnerProvider(FIRST_LOGIN_IDP, Map.of("firstBrokerLoginFlowAlias", FIRST_BROKER));
        ObjectNode rogueProvider = Json.object();
        rogueProvider.put("alias", ROGUE);
        rogueProvider.put("providerId", "oidc");
        rogueProvider.put("enabled", true);
        rogueProvider.put("postBrokerLoginFlowAlias", POST_BROKER);
        rogueProvider.set("config", Json.MAPPER.valueToTree(rogue.config(true)));
        admin.post("/admin/realms/" + HOME + "/identity-provider/instances", rogueProvider).expect(201);
    }

    /** As an admin would: discovery from the partner realm, the client secret, and home's post-broker-login flow. */
    void createPartnerProvider(String alias, Map<String, String> flows) {
        JsonNode discovered = admin.post("/admin/realms/" + HOME + "/identity-provider/import-config", Map.of("providerId", "oidc",
                "fromUrl", server.baseUrl() + "/realms/" + PARTNER + "/.well-known/openid-configuration")).expect(200).json();
        Map<String, String> config = new HashMap<>();
        discovered.fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        config.put("clientId", "home-broker");
        config.put("clientSecret", RealmBuilder.CLIENT_SECRET);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("defaultScope", "openid profile email");
        config.put("syncMode", "IMPORT");
        config.put("validateSignature", "true");
        config.put("zt.broker.trust-mfa", "true");
        config.put("zt.broker.acr-map", TRUSTED_MAP);
        ObjectNode provider = Json.object();
        provider.put("alias", alias);
        provider.put("providerId", "oidc");
        provider.put("enabled", true);
        flows.forEach(provider::put);
        provider.set("config", Json.MAPPER.valueToTree(config));
        admin.post("/admin/realms/" + HOME + "/identity-provider/instances", provider).expect(201);
    }

    @AfterAll
    void cleanUp() {
        app.close();
        rogue.close();
        admin.deleteRealm(HOME);
        admin.deleteRealm(PARTNER);
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
        trust(IDP, Map.of("zt.broker.trust-mfa", "true", "zt.broker.acr-map", TRUSTED_MAP));
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    /** Changes the trust settings in the provider's own config map, as the admin console would. */
    void trust(String alias, Map<String, String> settings) {
        String path = "/admin/realms/" + HOME + "/identity-provider/instances/" + alias;
        ObjectNode provider = (ObjectNode) admin.get(path).expect(200).json();
        ObjectNode config = (ObjectNode) provider.get("config");
        config.remove(List.of("zt.broker.trust-mfa", "zt.broker.acr-map", "zt.broker.amr-map"));
        settings.forEach(config::put);
        admin.put(path, provider).expect(204);
    }

    String signInUrl(String idpHint) {
        return Oidc.authorizationUrl(server, HOME, "test-app", app.callback()) + "&kc_idp_hint=" + idpHint;
    }

    /** The last one-time code each partner user gave: Keycloak takes a code once, so the next waits for a fresh one. */
    final Map<String, String> lastCodes = new HashMap<>();

    /** Through the partner: its password page, then its one-time code (its level 2, {@code urn:partner:mfa}). */
    void signInAtPartnerFrom(String address, String partnerUser) {
        signInAtPartnerFrom(address, partnerUser, IDP);
    }

    void signInAtPartnerFrom(String address, String partnerUser, String alias) {
        browser.from(address).open(signInUrl(alias));
        assertThat(browser.currentUrl()).as("the partner's own sign-in page").contains("/realms/" + PARTNER + "/");
        new LoginPage(browser).signIn(partnerUser, partnerUser + "-password");
        String code = Totp.now(OTP_SECRET + partnerUser);
        while (code.equals(lastCodes.get(partnerUser))) {
            sleepBriefly();
            code = Totp.now(OTP_SECRET + partnerUser);
        }
        lastCodes.put(partnerUser, code);
        browser.element(By.id("otp")).sendKeys(code);
        browser.element(By.id("kc-login")).click();
    }

    static void sleepBriefly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode users(String username) {
        return admin.get("/admin/realms/" + HOME + "/users?exact=true&username=" + username).expect(200).json();
    }

    @Test
    void aPartnerUserFromABlockedCountryIsRefusedInThePostBrokerLoginFlow() {
        signInAtPartnerFrom(PYONGYANG, "pia");

        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        assertThat(denied.message()).isEqualTo("Sign-in from this country is not allowed for your organisation.");
        JsonNode event = Events.await(admin, HOME, POST_LOGIN_ERROR, Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("partner-block-countries");
        assertThat(Events.detail(event, "zt_country")).isEqualTo("KP");
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(IDP);
        assertThat(Events.detail(event, "zt_upstream_acr")).isEqualTo("urn:partner:mfa");
        String user = users("pia").get(0).path("id").asText();
        assertThat(event.path("userId").asText()).as("the refused user is named").isEqualTo(user);
        assertThat(admin.get("/admin/realms/" + HOME + "/users/" + user + "/sessions").expect(200).json())
                .as("refused: no session at home").isEmpty();
    }

    @Test
    void aPartnersMfaCountsWhenTrustedAndItsAcrIsMapped() {
        signInAtPartnerFrom(LONDON, "pam");

        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, "LOGIN", e -> LONDON.equals(e.path("ipAddress").asText())
                && "mfa".equals(Events.detail(e, "zt_trusted_upstream")));
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(IDP);
        assertThat(Events.detail(event, "zt_upstream_acr")).isEqualTo("urn:partner:mfa");
        assertThat(Events.detail(event, "zt_upstream_reason")).isEqualTo("acr urn:partner:mfa is mapped to mfa");
    }

    /** The realm's own factor: the MFA step offers to set one up here (and refuses once the grace period is over). */
    void assertAskedForALocalFactor(String reason) {
        browser.element(By.id("zt-mfa-enrol"));
        assertThat(browser.has(By.id("signed-in"))).isFalse();
        browser.element(By.id("zt-mfa-later")).click();
        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, "LOGIN", e -> reason.equals(Events.detail(e, "zt_upstream_reason")));
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(IDP);
        assertThat(Events.detail(event, "zt_trusted_upstream")).isEqualTo("none");
    }

    @Test
    void aPartnerClaimingMfaWhileTrustIsOffIsAskedForALocalFactor() {
        trust(IDP, Map.of("zt.broker.acr-map", TRUSTED_MAP));

        signInAtPartnerFrom(LONDON, "paul");

        assertAskedForALocalFactor("trust of the provider's MFA is off");
    }

    @Test
    void anUpstreamAcrNotInTheMapWithoutAmrIsAskedForALocalFactor() {
        trust(IDP, Map.of("zt.broker.trust-mfa", "true", "zt.broker.acr-map", "{\"urn:partner:other\":\"mfa\"}",
                "zt.broker.amr-map", "{\"otp\":\"mfa\"}"));

        signInAtPartnerFrom(LONDON, "pete");

        // Keycloak's partner realm sends no amr by default: nothing else can vouch for the second factor.
        assertAskedForALocalFactor("acr urn:partner:mfa is not in the map, no amr: nothing trusted");
    }

    @Test
    void anInjectedAcrMapThatIsNotAMapOfStrengthsTrustsNothing() {
        trust(IDP, Map.of("zt.broker.trust-mfa", "true", "zt.broker.acr-map", "{\"urn:partner:mfa\":\"mfa\",\"*\":\"root\"}"));

        signInAtPartnerFrom(LONDON, "penny");

        assertAskedForALocalFactor("trust settings unusable (zt.broker.acr-map: '*' maps to something other than \"mfa\" or "
                + "\"phr\"): nothing trusted");
    }

    @ParameterizedTest
    @EnumSource(value = RogueProvider.Answer.class)
    void aForgedUnsignedOrMissingUpstreamTokenIsRefusedAndNothingIsTrusted(RogueProvider.Answer answer) {
        rogue.answering(answer);
        int before = rogue.tokenRequests.get();

        browser.from(LONDON).open(signInUrl(ROGUE));

        browser.element(By.id("kc-error-message"));
        assertThat(rogue.tokenRequests.get()).as("Keycloak asked the rogue for its token").isGreaterThan(before);
        assertThat(browser.has(By.id("signed-in"))).as(browser.pageSource()).isFalse();
        assertThat(users(RogueProvider.USERNAME)).as("no user created or linked").isEmpty();
        assertThat(admin.events(HOME, "LOGIN")).noneMatch(e -> ROGUE.equals(Events.detail(e, "zt_idp")));
    }

    @Test
    void aProviderThatDoesNotValidateSignaturesIsNeverTrustedForMfa() {
        String alias = "rogue-unchecked";
        ObjectNode unchecked = Json.object();
        unchecked.put("alias", alias);
        unchecked.put("providerId", "oidc");
        unchecked.put("enabled", true);
        unchecked.put("postBrokerLoginFlowAlias", POST_BROKER);
        unchecked.set("config", Json.MAPPER.valueToTree(rogue.config(false)));
        admin.post("/admin/realms/" + HOME + "/identity-provider/instances", unchecked).expect(201);
        try {
            rogue.answering(RogueProvider.Answer.WRONG_KEY);
            browser.from(LONDON).open(signInUrl(alias));

            // Keycloak itself accepts the unsigned token from a provider set up this way; the suite trusts none of it.
            browser.element(By.id("zt-mfa-enrol"));
            assertThat(browser.has(By.id("signed-in"))).isFalse();
        } finally {
            admin.delete("/admin/realms/" + HOME + "/identity-provider/instances/" + alias);
            users(RogueProvider.USERNAME).forEach(u -> admin.delete("/admin/realms/" + HOME + "/users/" + u.path("id").asText()));
        }
    }

    JsonNode whatIf(Map<String, String> question) {
        return admin.post("/admin/realms/" + HOME + "/zero-trust/what-if", question).expect(200).json();
    }

    /** The reason id of the first step of {@code provider} in the first flow What-If walked. */
    static String reasonOf(JsonNode answer, String provider) {
        for (JsonNode step : answer.path("flows").get(0).path("steps")) {
            if (provider.equals(step.path("provider").asText())) {
                return step.path("reasonId").asText();
            }
        }
        throw new AssertionError("no step " + provider + " in " + answer);
    }

    @Test
    void whatIfWithTheIdentityProviderAgreesWithTheRealBrokeredSignIns() {
        signInAtPartnerFrom(LONDON, "pat");
        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        String user = users("pat").get(0).path("id").asText();

        JsonNode trusted = whatIf(Map.of("user", user, "address", LONDON, "identityProvider", IDP, "upstreamAcr", "urn:partner:mfa"));
        assertThat(trusted.path("upstream").path("trusted").asText()).isEqualTo("mfa");
        assertThat(trusted.path("flows")).hasSize(1);
        assertThat(trusted.path("flows").get(0).path("flow").asText()).isEqualTo(POST_BROKER);
        assertThat(trusted.path("flows").get(0).path("binding").asText()).isEqualTo("post_broker_login");
        assertThat(trusted.path("flows").get(0).path("outcome").path("result").asText()).isEqualTo("allowed");
        assertThat(trusted.path("flows").get(0).path("outcome").has("enrolmentOffered")).as("the partner's MFA counts").isFalse();
        assertThat(reasonOf(trusted, "zt-require-mfa")).isEqualTo("upstream-trusted");

        JsonNode blocked = whatIf(Map.of("user", user, "address", PYONGYANG, "identityProvider", IDP, "upstreamAcr", "urn:partner:mfa"));
        assertThat(blocked.path("flows").get(0).path("outcome").path("result").asText()).isEqualTo("denied");
        assertThat(blocked.path("flows").get(0).path("outcome").path("rule").asText()).isEqualTo("partner-block-countries");

        JsonNode unmapped = whatIf(Map.of("user", user, "address", LONDON, "identityProvider", IDP, "upstreamAcr", "urn:partner:pwd"));
        assertThat(unmapped.path("upstream").path("trusted").asText()).isEqualTo("none");
        assertThat(unmapped.path("flows").get(0).path("outcome").has("enrolmentOffered")).as("asked for a local factor").isTrue();
        assertThat(reasonOf(unmapped, "zt-require-mfa")).isEqualTo("mfa-grace-running");

        browser.close();
        browser = Browser.start();
        signInAtPartnerFrom(PYONGYANG, "pat");
        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, POST_LOGIN_ERROR, Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_rule")).as("the rule What-If named").isEqualTo("partner-block-countries");
    }

    @Test
    void whatIfRefusesAnUnknownIdentityProviderOrAStrayUpstreamAcr() {
        JsonNode unknown = admin.post("/admin/realms/" + HOME + "/zero-trust/what-if",
                Map.of("user", "hanna", "address", LONDON, "identityProvider", "nobody")).json();
        assertThat(unknown.path("error").asText()).isEqualTo("no-such-identity-provider");
        JsonNode stray = admin.post("/admin/realms/" + HOME + "/zero-trust/what-if",
                Map.of("user", "hanna", "address", LONDON, "upstreamAcr", "urn:partner:mfa")).json();
        assertThat(stray.path("error").asText()).isEqualTo("invalid-upstream-acr");
    }

    /** Every client of home runs the refresh re-evaluation ({@code zt-continuous-access}), or none. */
    void continuousAccess(boolean on) {
        admin.put("/admin/realms/" + HOME + "/client-policies/profiles", Map.of("profiles", !on ? List.of() : List.of(Map.of(
                "name", "zt-continuous-access", "executors", List.of(Map.of("executor", "zt-continuous-access",
                        "configuration", Map.of("zt.refresh.confidential-clients", "request-address"))))))).expect(204);
        admin.put("/admin/realms/" + HOME + "/client-policies/policies", Map.of("policies", !on ? List.of() : List.of(Map.of(
                "name", "zt-continuous-access", "enabled", true,
                "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                "profiles", List.of("zt-continuous-access"))))).expect(204);
    }

    @Test
    void aTrustedPartnersRefreshIsJudgedWithWhatItsSignInWasTrustedFor() {
        // No grace: a partner whose MFA does not count is refused at once, at sign-in and at every refresh.
        admin.updateAuthenticatorConfig(HOME, POST_BROKER, "partner-mfa", Map.of("grace_days", "0"));
        continuousAccess(true);
        try {
            signInAtPartnerFrom(LONDON, "pax");
            AppPage appPage = new AppPage(browser);
            assertThat(appPage.isShown()).as(browser.pageSource()).isTrue();
            JsonNode tokens = Http.postForm(Oidc.tokenUrl(server, HOME), Map.of("grant_type", "authorization_code",
                    "code", appPage.code(), "redirect_uri", app.callback(), "client_id", "test-app",
                    "client_secret", RealmBuilder.CLIENT_SECRET), Map.of("X-Forwarded-For", LONDON)).expect(200).json();

            HttpResult refreshed = Http.postForm(Oidc.tokenUrl(server, HOME), Map.of("grant_type", "refresh_token",
                    "refresh_token", tokens.path("refresh_token").asText(), "client_id", "test-app",
                    "client_secret", RealmBuilder.CLIENT_SECRET), Map.of("X-Forwarded-For", LONDON));

            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
            HttpResult fromPyongyang = Http.postForm(Oidc.tokenUrl(server, HOME), Map.of("grant_type", "refresh_token",
                    "refresh_token", refreshed.json().path("refresh_token").asText(), "client_id", "test-app",
                    "client_secret", RealmBuilder.CLIENT_SECRET), Map.of("X-Forwarded-For", PYONGYANG));
            assertThat(fromPyongyang.status()).as("the partner flow's other rules still judge the refresh").isEqualTo(400);
        } finally {
            continuousAccess(false);
            admin.updateAuthenticatorConfig(HOME, POST_BROKER, "partner-mfa", Map.of("grace_days", "7"));
        }
    }

    @Test
    void aPartnersFirstSignInFromABlockedCountryIsRefusedInTheFirstBrokerLoginFlowBeforeAnAccountIsMade() {
        signInAtPartnerFrom(PYONGYANG, "pilar", FIRST_LOGIN_IDP);

        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, "IDENTITY_PROVIDER_FIRST_LOGIN_ERROR",
                Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("first-login-block-countries");
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(FIRST_LOGIN_IDP);
        assertThat(Events.detail(event, "zt_upstream_acr")).isEqualTo("urn:partner:mfa");
        assertThat(users("pilar")).as("no account made").isEmpty();
    }
}
