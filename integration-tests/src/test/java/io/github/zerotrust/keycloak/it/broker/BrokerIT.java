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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerIT {

    static final String HOME = "it-broker-home";
    static final String PARTNER = "it-broker-partner";
    static final String IDP = "partner";
    static final String ROGUE = "rogue";
    static final String FIRST_LOGIN_IDP = "partner-first-login";
    static final String FIRST_BROKER = "home first-broker";
    static final String POST_BROKER = "home post-broker";
    /** A provider whose post-broker-login flow asks for a compliant device; the partner's client says what it is. */
    static final String DEVICE_IDP = "partner-devices";
    static final String DEVICE_CLIENT = "home-broker-devices";
    static final String POST_BROKER_DEVICES = "home post-broker devices";
    /** A provider with no post-broker-login flow, for the Partners template to bind. */
    static final String TEMPLATE_IDP = "partner-template";
    static final String PARTNER_FLOW = "zero-trust partners";
    /** The partner realm again, as a SAML identity provider (no ID token: nothing upstream can be trusted). */
    static final String SAML_IDP = "partner-saml";
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
        String deviceEndpoint = server.baseUrl() + "/realms/" + HOME + "/broker/" + DEVICE_IDP + "/endpoint";
        String templateEndpoint = server.baseUrl() + "/realms/" + HOME + "/broker/" + TEMPLATE_IDP + "/endpoint";
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
                .userWithOtp("dana", "dana-password", OTP_SECRET + "dana")
                .userWithOtp("dora", "dora-password", OTP_SECRET + "dora")
                .userWithOtp("dina", "dina-password", OTP_SECRET + "dina")
                .userWithOtp("tess", "tess-password", OTP_SECRET + "tess")
                .userWithOtp("sam", "sam-password", OTP_SECRET + "sam")
                .client("home-broker", List.of(brokerEndpoint, firstLoginEndpoint, templateEndpoint))
                .client(DEVICE_CLIENT, List.of(deviceEndpoint))
                // Every sign-in of home's users at the partner asks for the partner's MFA level.
                .clientAttribute("home-broker", "default.acr.values", "urn:partner:mfa")
                .clientAttribute(DEVICE_CLIENT, "default.acr.values", "urn:partner:mfa")
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
        ObjectNode home = RealmBuilder.realm(HOME)
                .user("hanna", "hanna-password")
                .user("mara", "mara-password")
                .passwordGrantClient("admin-tool")
                .client("test-app", List.of(app.callback()))
                .flow(Flow.topLevel(POST_BROKER)
                        .conditional(Flow.sub(POST_BROKER + " blocked countries")
                                .required("zt-condition-country", "partner-block-countries", Map.of("countries", "KP##RU"))
                                .required("zt-deny-access", "partner-deny-countries", Map.of()))
                        .required("zt-require-mfa", "partner-mfa", Map.of("grace_days", "7")))
                .flow(Flow.topLevel(POST_BROKER_DEVICES)
                        .required("zt-device-posture", "partner-device-check", Map.of())
                        .conditional(Flow.sub(POST_BROKER_DEVICES + " untrusted")
                                .required("zt-condition-device-compliant", "partner-untrusted-devices", Map.of())
                                .required("zt-deny-access", "partner-deny-devices", Map.of())))
                // The first sign-in through a provider: judged before the account is created.
                .flow(Flow.topLevel(FIRST_BROKER)
                        .conditional(Flow.sub(FIRST_BROKER + " blocked countries")
                                .required("zt-condition-country", "first-login-block-countries", Map.of("countries", "KP##RU"))
                                .required("zt-deny-access", "first-login-deny-countries", Map.of()))
                        .required("idp-create-user-if-unique"))
                .build();
        for (JsonNode u : home.get("users")) {
            if ("mara".equals(u.path("username").asText())) {
                // May manage the realm, not its identity providers.
                ((ObjectNode) u).putObject("clientRoles").putArray("realm-management").add("manage-realm").add("view-realm");
            }
        }
        admin.createRealm(home);
        createPartnerProvider(IDP, Map.of("postBrokerLoginFlowAlias", POST_BROKER));
        createPartnerProvider(FIRST_LOGIN_IDP, Map.of("firstBrokerLoginFlowAlias", FIRST_BROKER));
        createPartnerProvider(DEVICE_IDP, "home-broker-devices", Map.of("postBrokerLoginFlowAlias", POST_BROKER_DEVICES));
        createPartnerProvider(TEMPLATE_IDP, Map.of());
        createSamlPartnerProvider();
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
        createPartnerProvider(alias, "home-broker", flows);
    }

    void createPartnerProvider(String alias, String clientId, Map<String, String> flows) {
        JsonNode discovered = admin.post("/admin/realms/" + HOME + "/identity-provider/import-config", Map.of("providerId", "oidc",
                "fromUrl", server.baseUrl() + "/realms/" + PARTNER + "/.well-known/openid-configuration")).expect(200).json();
        Map<String, String> config = new HashMap<>();
        discovered.fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        config.put("clientId", clientId);
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

    /**
     * The partner realm's SAML client for home (its entity id is home's, as Keycloak's broker names itself), and home's
     * SAML provider from the partner's descriptor, signatures checked; a home user already linked to partner user sam.
     */
    void createSamlPartnerProvider() {
        String endpoint = server.baseUrl() + "/realms/" + HOME + "/broker/" + SAML_IDP + "/endpoint";
        ObjectNode client = Json.object();
        client.put("clientId", server.baseUrl() + "/realms/" + HOME);
        client.put("protocol", "saml");
        client.put("enabled", true);
        client.putArray("redirectUris").add(endpoint);
        ObjectNode attributes = client.putObject("attributes");
        attributes.put("saml.client.signature", "false");
        attributes.put("saml.server.signature", "true");
        attributes.put("saml.authnstatement", "true");
        attributes.put("saml_name_id_format", "username");
        attributes.put("saml.force.name.id.format", "true");
        attributes.put("saml_assertion_consumer_url_post", endpoint);
        admin.post("/admin/realms/" + PARTNER + "/clients", client).expect(201);

        JsonNode discovered = admin.post("/admin/realms/" + HOME + "/identity-provider/import-config", Map.of("providerId", "saml",
                "fromUrl", server.baseUrl() + "/realms/" + PARTNER + "/protocol/saml/descriptor")).expect(200).json();
        Map<String, String> config = new HashMap<>();
        discovered.fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        config.put("entityId", server.baseUrl() + "/realms/" + HOME);
        config.put("nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified");
        config.put("principalType", "SUBJECT");
        config.put("postBindingResponse", "true");
        config.put("postBindingAuthnRequest", "true");
        config.put("validateSignature", "true");
        config.put("wantAuthnRequestsSigned", "false");
        config.put("syncMode", "IMPORT");
        // Trust switched on, as an admin might: a SAML sign-in still has no validated ID token to trust.
        config.put("zt.broker.trust-mfa", "true");
        config.put("zt.broker.acr-map", TRUSTED_MAP);
        config.put("zt.broker.trust-device", "true");
        ObjectNode provider = Json.object();
        provider.put("alias", SAML_IDP);
        provider.put("providerId", "saml");
        provider.put("enabled", true);
        provider.put("postBrokerLoginFlowAlias", POST_BROKER);
        provider.set("config", Json.MAPPER.valueToTree(config));
        admin.post("/admin/realms/" + HOME + "/identity-provider/instances", provider).expect(201);

        admin.post("/admin/realms/" + HOME + "/users", Map.of("username", "sally", "enabled", true, "email", "sally@example.org",
                "firstName", "Sally", "lastName", "Partner")).expect(201);
        String sally = users("sally").get(0).path("id").asText();
        admin.post("/admin/realms/" + HOME + "/users/" + sally + "/federated-identity/" + SAML_IDP,
                Map.of("identityProvider", SAML_IDP, "userId", "sam", "userName", "sam")).expect(204);
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
        config.remove(List.of("zt.broker.trust-mfa", "zt.broker.acr-map", "zt.broker.amr-map", "zt.broker.trust-device",
                "zt.broker.device-claim"));
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
        enterFreshCode(partnerUser);
    }

    /** The partner's one-time code page: a code the user has not given yet (Keycloak takes each once). */
    void enterFreshCode(String partnerUser) {
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

    // The partner's word on the device (zt.broker.trust-device).

    /** The partner's client puts {@code device_trust: value} in every ID token it issues to home (a real Keycloak mapper). */
    void partnerSaysDevice(String value) {
        String client = admin.get("/admin/realms/" + PARTNER + "/clients?clientId=" + DEVICE_CLIENT).expect(200).json().get(0)
                .path("id").asText();
        String models = "/admin/realms/" + PARTNER + "/clients/" + client + "/protocol-mappers/models";
        for (JsonNode existing : admin.get(models).expect(200).json()) {
            if ("device_trust".equals(existing.path("name").asText())) {
                admin.delete(models + "/" + existing.path("id").asText());
            }
        }
        admin.post(models, Map.of("name", "device_trust", "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", "device_trust", "claim.value", value, "jsonType.label", "String",
                        "id.token.claim", "true", "access.token.claim", "false", "userinfo.token.claim", "false"))).expect(201);
    }

    /** The refusal of the device rule, with its event; and no session at home. */
    JsonNode assertRefusedForItsDevice(String homeUser) {
        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, POST_LOGIN_ERROR, Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("partner-untrusted-devices");
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(DEVICE_IDP);
        String user = users(homeUser).get(0).path("id").asText();
        assertThat(admin.get("/admin/realms/" + HOME + "/users/" + user + "/sessions").expect(200).json())
                .as("refused: no session at home").isEmpty();
        return event;
    }

    @Test
    void aPartnerVouchingForACompliantDeviceIsLetInOnlyWhenItsDeviceClaimIsTrusted() {
        partnerSaysDevice("compliant");
        trust(DEVICE_IDP, Map.of("zt.broker.trust-device", "true"));

        signInAtPartnerFrom(LONDON, "dana", DEVICE_IDP);

        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, "LOGIN", e -> ("idp:" + DEVICE_IDP).equals(Events.detail(e, "zt_device_source")));
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("compliant");
        assertThat(Events.detail(event, "zt_device_status")).isEqualTo("compliant");
        assertThat(Events.detail(event, "zt_trusted_upstream_device")).isEqualTo("compliant");
        assertThat(Events.detail(event, "zt_upstream_device_reason")).isEqualTo("device_trust compliant is trusted");
        assertThat(Events.detail(event, "zt_trusted_upstream")).as("MFA trust is another setting").isEqualTo("none");
        assertThat(admin.get("/admin/realms/" + HOME + "/zero-trust/devices?user=dana").expect(200).json())
                .as("the partner's word is not written into the realm's registry")
                .allMatch(d -> !"compliant".equals(d.path("state").asText()) && !d.path("managed").asBoolean());

        // What-If asks the same model: the claim counts with trust on, and nothing without it.
        String user = users("dana").get(0).path("id").asText();
        JsonNode vouched = whatIf(Map.of("user", user, "address", LONDON, "identityProvider", DEVICE_IDP, "upstreamDevice", "compliant"));
        assertThat(vouched.path("upstream").path("trustedDevice").asText()).isEqualTo("compliant");
        assertThat(vouched.path("flows").get(0).path("outcome").path("result").asText()).isEqualTo("allowed");
        JsonNode silent = whatIf(Map.of("user", user, "address", LONDON, "identityProvider", DEVICE_IDP));
        assertThat(silent.path("upstream").path("deviceReason").asText()).isEqualTo("no device_trust claim: nothing trusted");
        assertThat(silent.path("flows").get(0).path("outcome").path("result").asText()).isEqualTo("denied");
        JsonNode stray = admin.post("/admin/realms/" + HOME + "/zero-trust/what-if",
                Map.of("user", "hanna", "address", LONDON, "upstreamDevice", "compliant")).json();
        assertThat(stray.path("error").asText()).isEqualTo("invalid-upstream-device");

        // The same partner, the same claim, trust off: the realm knows nothing of the device, and refuses it.
        trust(DEVICE_IDP, Map.of());
        admin.post("/admin/realms/" + HOME + "/users/" + user + "/logout", Map.of()).expect(204);
        browser.close();
        browser = Browser.start();
        signInAtPartnerFrom(LONDON, "dana", DEVICE_IDP);
        JsonNode refused = assertRefusedForItsDevice("dana");
        assertThat(Events.detail(refused, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(Events.detail(refused, "zt_device_source")).as("the realm's own registry, not the partner").isEqualTo("registry");
        assertThat(Events.detail(refused, "zt_trusted_upstream_device")).isEqualTo("none");
        assertThat(Events.detail(refused, "zt_upstream_device_reason")).isEqualTo("trust of the provider's device claim is off");
    }

    @Test
    void aPartnerVouchingOnlyForAManagedDeviceIsRefusedByTheComplianceRule() {
        partnerSaysDevice("managed");
        trust(DEVICE_IDP, Map.of("zt.broker.trust-device", "true"));

        signInAtPartnerFrom(LONDON, "dora", DEVICE_IDP);

        JsonNode event = assertRefusedForItsDevice("dora");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("managed");
        assertThat(Events.detail(event, "zt_device_failures")).isEqualTo("upstream-managed-only");
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("idp:" + DEVICE_IDP);
    }

    @Test
    void aDeviceClaimThatIsNeitherCompliantNorManagedTrustsNothing() {
        partnerSaysDevice("trust-me");
        trust(DEVICE_IDP, Map.of("zt.broker.trust-device", "true"));

        signInAtPartnerFrom(LONDON, "dina", DEVICE_IDP);

        JsonNode event = assertRefusedForItsDevice("dina");
        assertThat(Events.detail(event, "zt_device_trust")).isEqualTo("unmanaged");
        assertThat(Events.detail(event, "zt_device_source")).isEqualTo("registry");
        assertThat(Events.detail(event, "zt_upstream_device_reason"))
                .isEqualTo("device_trust trust-me is neither compliant nor managed: nothing trusted");
    }

    // The Partners template: the realm's rules for partners, in the providers' post-broker-login flow.

    String postBrokerFlowOf(String alias) {
        return admin.get("/admin/realms/" + HOME + "/identity-provider/instances/" + alias).expect(200).json()
                .path("postBrokerLoginFlowAlias").asText("");
    }

    @Test
    @Order(1)
    void aManageRealmAdminWhoMayNotManageIdentityProvidersCannotBindThePartnersFlowAndNothingChanges() {
        String token = Oidc.passwordGrant(server, HOME, "admin-tool", "mara", "mara-password", LONDON).expect(200).json()
                .path("access_token").asText();
        String adminEvents = admin.adminEvents(HOME).toString();

        HttpResult refused = Http.sendJson("POST", server.baseUrl() + "/admin/realms/" + HOME + "/zero-trust/templates/partners/install",
                "{\"parameters\": {\"identityProviders\": [\"" + TEMPLATE_IDP + "\"]}}",
                Map.of("Authorization", "Bearer " + token, "X-Forwarded-For", LONDON));

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("manage-identity-providers-required");
        assertThat(postBrokerFlowOf(TEMPLATE_IDP)).as("the provider is as it was").isEmpty();
        assertThat(admin.get("/admin/realms/" + HOME + "/authentication/flows").expect(200).json())
                .as("no flow made").noneMatch(f -> PARTNER_FLOW.equals(f.path("alias").asText()));
        assertThat(admin.adminEvents(HOME).toString()).as("no admin event").isEqualTo(adminEvents);
    }

    @Test
    @Order(2)
    void thePartnersTemplateRefusesAProviderNotInTheRealmAndChangesNothing() {
        HttpResult refused = admin.send("POST", "/admin/realms/" + HOME + "/zero-trust/templates/partners/install",
                "{\"parameters\": {\"identityProviders\": [\"" + TEMPLATE_IDP + "\", \"initech\"]}}", "application/json");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("error_description").asText()).contains("identityProviders: no identity provider 'initech'");
        assertThat(postBrokerFlowOf(TEMPLATE_IDP)).isEmpty();
    }

    @Test
    @Order(3)
    void thePartnersTemplateBindsItsFlowReportOnlyFirstAndAPromotedCountryRuleRefusesAPartner() {
        JsonNode installed = admin.post("/admin/realms/" + HOME + "/zero-trust/templates/partners/install", Map.of("parameters",
                Map.of("identityProviders", List.of(TEMPLATE_IDP, IDP), "blockedCountries", List.of("KP")))).expect(200).json();

        assertThat(installed.path("bindings")).extracting(b -> b.path("identityProvider").asText() + " " + b.path("postBrokerLoginFlow").asText())
                .containsExactly(TEMPLATE_IDP + " " + PARTNER_FLOW);
        assertThat(installed.path("kept")).anySatisfy(k -> {
            assertThat(k.path("target").asText()).isEqualTo(IDP);
            assertThat(k.path("why").asText()).contains("has its own post-broker-login flow '" + POST_BROKER + "'");
        });
        assertThat(postBrokerFlowOf(TEMPLATE_IDP)).isEqualTo(PARTNER_FLOW);
        assertThat(postBrokerFlowOf(IDP)).as("a provider's own flow is never replaced").isEqualTo(POST_BROKER);
        assertThat(admin.get("/admin/realms/" + HOME).expect(200).json().path("browserFlow").asText())
                .as("staff's browser flow untouched").isEqualTo("browser");

        // Report-only: a partner from a blocked country is let in, and the event says what the rule would have done.
        signInAtPartnerFrom(PYONGYANG, "tess", TEMPLATE_IDP);
        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        JsonNode let = Events.await(admin, HOME, "LOGIN", e -> PYONGYANG.equals(e.path("ipAddress").asText())
                && TEMPLATE_IDP.equals(Events.detail(e, "zt_idp")));
        assertThat(Events.detail(let, "zt_report_only")).contains("partners-countries-blocked: would match");

        JsonNode promoted = admin.post("/admin/realms/" + HOME + "/zero-trust/templates/partners/rules/partners-countries/promote",
                Map.of()).expect(200).json();
        assertThat(promoted.toString()).contains("enforce");
        browser.close();
        browser = Browser.start();
        signInAtPartnerFrom(PYONGYANG, "tess", TEMPLATE_IDP);
        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, POST_LOGIN_ERROR, Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("partners-countries-blocked");
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(TEMPLATE_IDP);

        JsonNode listed = admin.get("/admin/realms/" + HOME + "/zero-trust/templates").expect(200).json();
        for (JsonNode t : listed.path("templates")) {
            if ("partners".equals(t.path("id").asText())) {
                assertThat(t.path("rules")).extracting(r -> r.path("id").asText() + "=" + r.path("state").asText())
                        .containsExactly("partners-countries=enforced", "partners-risk=report-only", "partners-mfa=report-only",
                                "partners-guests=report-only", "partners-unmanaged=report-only");
            }
        }
    }

    // A SAML partner: the same rules; nothing upstream to trust.

    /** At the partner, through SAML: its password page, and its one-time code when its flow asks for one. */
    void signInAtSamlPartnerFrom(String address) {
        browser.from(address).open(signInUrl(SAML_IDP));
        assertThat(browser.currentUrl()).as("the partner's own sign-in page").contains("/realms/" + PARTNER + "/");
        new LoginPage(browser).signIn("sam", "sam-password");
        browser.waitUntil(b -> b.has(By.id("otp")) || !b.currentUrl().contains("/realms/" + PARTNER + "/"));
        if (browser.has(By.id("otp"))) {
            enterFreshCode("sam");
        }
    }

    @Test
    void aSamlPartnerUserFromABlockedCountryIsRefusedInThePostBrokerLoginFlow() {
        signInAtSamlPartnerFrom(PYONGYANG);

        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, POST_LOGIN_ERROR, Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("partner-block-countries");
        assertThat(Events.detail(event, "zt_idp")).isEqualTo(SAML_IDP);
        String sally = users("sally").get(0).path("id").asText();
        assertThat(event.path("userId").asText()).isEqualTo(sally);
        assertThat(admin.get("/admin/realms/" + HOME + "/users/" + sally + "/sessions").expect(200).json()).isEmpty();
    }

    @Test
    void aSamlPartnersMfaAndDeviceAreNeverTrustedEvenWithTrustOn() {
        signInAtSamlPartnerFrom(LONDON);

        browser.element(By.id("zt-mfa-enrol"));
        assertThat(browser.has(By.id("signed-in"))).isFalse();
        browser.element(By.id("zt-mfa-later")).click();
        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, HOME, "LOGIN", e -> SAML_IDP.equals(Events.detail(e, "zt_idp")));
        assertThat(Events.detail(event, "zt_trusted_upstream")).isEqualTo("none");
        assertThat(Events.detail(event, "zt_upstream_acr")).isEqualTo("none");
        assertThat(Events.detail(event, "zt_upstream_reason")).isEqualTo("no ID token from the provider: nothing trusted");
        assertThat(Events.detail(event, "zt_trusted_upstream_device")).isEqualTo("none");
    }
}
