package io.github.zerotrust.keycloak.it.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.DeviceRemediationPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * What-If tells an admin what a sign-in would meet; a real sign-in with the same inputs must meet exactly
 * that. For each kind of zero-trust step: a real sign-in (browser or password grant), the What-If answer
 * for the same user, app, address and device, and the same outcome and deciding rule in both.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhatIfMatchesSignInIT {

    static final String LONDON = "192.0.2.10";
    static final String PYONGYANG = "198.51.100.7";
    static final String FRANKFURT_HOSTING = "198.18.0.20";
    static final String OTP_SECRET = "what-if-otp-secret-1";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    final List<String> realms = new java.util.ArrayList<>();

    @BeforeAll
    void start(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
    }

    @AfterAll
    void cleanUp() {
        app.close();
        realms.forEach(admin::deleteRealm);
    }

    void create(RealmBuilder realm) {
        ObjectNode json = realm.build();
        String name = json.path("realm").asText();
        admin.deleteRealm(name);
        admin.createRealm(json);
        realms.add(name);
    }

    RealmBuilder realm(String name) {
        return RealmBuilder.realm(name).client("test-app", List.of(app.callback()));
    }

    JsonNode whatIf(String realm, Map<String, Object> question) {
        return admin.post("/admin/realms/" + realm + "/zero-trust/what-if", question).expect(200).json();
    }

    /** The outcome What-If gives for the flow of {@code binding} ({@code browser} or {@code direct_grant}). */
    static JsonNode outcome(JsonNode answer, String binding) {
        for (JsonNode flow : answer.path("flows")) {
            if (binding.equals(flow.path("binding").asText())) {
                return flow.path("outcome");
            }
        }
        throw new AssertionError("No " + binding + " flow in " + answer);
    }

    static Map<String, Object> question(String user, String address, Object... more) {
        Map<String, Object> q = new HashMap<>(Map.of("user", user, "address", address, "client", "test-app"));
        for (int i = 0; i < more.length; i += 2) {
            q.put((String) more[i], more[i + 1]);
        }
        return q;
    }

    String signInUrl(String realm, String clientId, String scope) {
        return server.baseUrl() + "/realms/" + realm + "/protocol/openid-connect/auth?response_type=code&prompt=login"
                + "&client_id=" + Http.enc(clientId) + "&redirect_uri=" + Http.enc(app.callback()) + "&scope=" + Http.enc(scope)
                + "&state=" + UUID.randomUUID();
    }

    /** A browser sign-in from {@code address}; returns the rule of the refusal, or null when the app was reached. */
    String browserSignIn(Browser browser, String realm, String user, String address) {
        return browserSignIn(browser, realm, "test-app", "openid", user, address);
    }

    String browserSignIn(Browser browser, String realm, String clientId, String scope, String user, String address) {
        browser.from(address).open(signInUrl(realm, clientId, scope));
        new LoginPage(browser).signIn(user, user + "-password");
        return refusedRule(browser, realm);
    }

    /** After the sign-in settled: the rule that refused it (from the event the page's reference names), or null. */
    String refusedRule(Browser browser, String realm) {
        browser.waitUntil(b -> b.has(By.id("zt-denied")) || b.has(By.id("zt-device-remediation")) || b.has(By.id("signed-in"))
                || b.has(By.id("kc-form-login")));
        DeniedPage denied = new DeniedPage(browser);
        if (denied.isShown()) {
            return Events.detail(Events.await(admin, realm, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference())), "zt_rule");
        }
        DeviceRemediationPage remediation = new DeviceRemediationPage(browser);
        if (browser.has(By.id("zt-device-remediation")) && remediation.isShown()) {
            return Events.detail(Events.await(admin, realm, "LOGIN_ERROR", Events.withDetail("zt_reference", remediation.reference())), "zt_rule");
        }
        assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        return null;
    }

    /** Asserts What-If's outcome is "denied by {@code rule}" and the real sign-in was refused by the same rule. */
    static void bothDenied(JsonNode predicted, String realRule, String rule) {
        assertThat(predicted.path("result").asText()).as(predicted.toString()).isEqualTo("denied");
        assertThat(predicted.path("rule").asText()).isEqualTo(rule);
        assertThat(realRule).as("the real sign-in was refused by").isEqualTo(rule);
    }

    static void bothAllowed(JsonNode predicted, String realRule) {
        assertThat(predicted.path("result").asText()).as(predicted.toString()).isEqualTo("allowed");
        assertThat(realRule).as("the real sign-in reached the app").isNull();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Country {
        static final String REALM = "it-whatif-country";

        @BeforeAll
        void createRealm() {
            create(realm(REALM).user("alice", "alice-password")
                    .browserFlow(Flow.topLevel("country browser")
                            .required(Flow.standardSignIn("country browser"))
                            .conditional(Flow.sub("country browser blocked")
                                    .required("zt-condition-country", "block-countries", Map.of("countries", "KP##RU"))
                                    .required("zt-deny-access", "deny-blocked", Map.of()))));
        }

        @Test
        void aSignInFromABlockedCountryIsRefusedByTheRuleWhatIfNames() {
            JsonNode answer = whatIf(REALM, question("alice", PYONGYANG));
            try (Browser browser = Browser.start()) {
                bothDenied(outcome(answer, "browser"), browserSignIn(browser, REALM, "alice", PYONGYANG), "block-countries");
            }
            assertThat(outcome(answer, "browser").path("reason").asText()).isEqualTo("country KP is in [KP, RU]");
            assertThat(answer.path("location").path("country").asText()).as("the old fields stay").isEqualTo("KP");
            assertThat(answer.path("conditions")).anySatisfy(c -> assertThat(c.path("rule").asText()).isEqualTo("block-countries"));
        }

        @Test
        void aSignInFromLondonIsAllowedAndWhatIfSaysWhichConditionWasUnmet() {
            JsonNode answer = whatIf(REALM, question("alice", LONDON));
            try (Browser browser = Browser.start()) {
                bothAllowed(outcome(answer, "browser"), browserSignIn(browser, REALM, "alice", LONDON));
            }
            assertThat(outcome(answer, "browser").path("firstUnmet").path("rule").asText()).isEqualTo("block-countries");
            assertThat(outcome(answer, "browser").path("firstUnmet").path("reason").asText()).isEqualTo("country GB is not in [KP, RU]");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NetworkZone {
        static final String REALM = "it-whatif-zone";

        @BeforeAll
        void createRealm() {
            create(realm(REALM).user("bob", "bob-password")
                    .directGrantFlow(Flow.topLevel("zone direct grant")
                            .required("direct-grant-validate-username")
                            .required("direct-grant-validate-password")
                            .conditional(Flow.sub("zone direct grant hosting")
                                    .required("zt-condition-network-zone", "block-hosting", Map.of("zones", "hosting"))
                                    .required("zt-deny-access", "deny-hosting", Map.of()))));
            admin.put("/admin/realms/" + REALM + "/zero-trust/zones/hosting", Map.of("ranges", List.of("198.18.0.0/15"))).expect(201);
        }

        @Test
        void aPasswordGrantFromAHostingNetworkIsRefusedByTheRuleWhatIfNames() {
            JsonNode predicted = outcome(whatIf(REALM, question("bob", FRANKFURT_HOSTING)), "direct_grant");

            HttpResult grant = Oidc.passwordGrant(server, REALM, "test-app", "bob", "bob-password", FRANKFURT_HOSTING);

            assertThat(grant.status()).isEqualTo(400);
            assertThat(grant.json().path("error").asText()).isEqualTo("access_denied");
            String rule = Events.detail(Events.await(admin, REALM, "LOGIN_ERROR", e -> FRANKFURT_HOSTING.equals(e.path("ipAddress").asText())),
                    "zt_rule");
            bothDenied(predicted, rule, "block-hosting");
            assertThat(predicted.path("reason").asText()).isEqualTo("address is in [hosting]");
        }

        @Test
        void aPasswordGrantFromElsewhereIsAllowed() {
            JsonNode predicted = outcome(whatIf(REALM, question("bob", LONDON)), "direct_grant");

            HttpResult grant = Oidc.passwordGrant(server, REALM, "test-app", "bob", "bob-password", LONDON);

            assertThat(grant.status()).as(grant.body()).isEqualTo(200);
            bothAllowed(predicted, null);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RiskLevel {
        static final String REALM = "it-whatif-risk";
        // A browser or script never seen before is high risk on its own here.
        final Map<String, String> risk = Map.of("zt.risk.weight.new-device", "70", "zt.risk.unusual-hour.mode", "off");

        @BeforeAll
        void createRealm() {
            create(realm(REALM).user("carol", "carol-password")
                    .browserFlow(Flow.topLevel("risk browser")
                            .required(Flow.standardSignIn("risk browser"))
                            .required("zt-risk-assessment", "assess-risk", risk)
                            .conditional(Flow.sub("risk browser high")
                                    .required("zt-condition-risk-level", "high-risk", Map.of("level", "high"))
                                    .required("zt-deny-access", "deny-high-risk", Map.of())))
                    .directGrantFlow(Flow.topLevel("risk direct grant")
                            .required("direct-grant-validate-username")
                            .required("direct-grant-validate-password")
                            .required("zt-risk-assessment", "dg-assess-risk", risk)
                            .conditional(Flow.sub("risk direct grant high")
                                    .required("zt-condition-risk-level", "dg-high-risk", Map.of("level", "high"))
                                    .required("zt-deny-access", "dg-deny-high-risk", Map.of()))));
        }

        @Test
        void aNewBrowserIsHighRiskAndRefusedAsWhatIfPredicts() {
            JsonNode answer = whatIf(REALM, question("carol", LONDON));
            try (Browser browser = Browser.start()) {
                bothDenied(outcome(answer, "browser"), browserSignIn(browser, REALM, "carol", LONDON), "high-risk");
            }
            assertThat(outcome(answer, "browser").path("reason").asText()).isEqualTo("risk high (70: new-device)");
        }

        @Test
        void aNewScriptIsHighRiskTooInThePasswordGrant() {
            JsonNode predicted = outcome(whatIf(REALM, question("carol", LONDON)), "direct_grant");

            HttpResult grant = Oidc.passwordGrant(server, REALM, "test-app", "carol", "carol-password", LONDON);

            assertThat(grant.status()).isEqualTo(400);
            String rule = Events.detail(Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_rule", "dg-high-risk")), "zt_rule");
            bothDenied(predicted, rule, "dg-high-risk");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class DeviceCompliantAndManaged {
        static final String COMPLIANT_REALM = "it-whatif-device-compliant";
        static final String MANAGED_REALM = "it-whatif-device-managed";
        Browser browser;

        @BeforeAll
        void createRealms() {
            // What-If predicts for the device of its question as if it proved itself; the real sign-ins here show
            // only their cookie, so these realms choose to trust it (DeviceTrustAttacksIT covers the proof).
            create(realm(COMPLIANT_REALM).user("dave", "dave-password")
                    .attribute("zt.device.require-antivirus", "false")
                    .attribute("zt.device.registry.trust-cookie", "true")
                    .browserFlow(Flow.topLevel("compliant browser")
                            .required(Flow.standardSignIn("compliant browser"))
                            .required("zt-device-posture", "check-device", Map.of("sources", "registry"))
                            .conditional(Flow.sub("compliant browser failing")
                                    .required("zt-condition-device-compliant", "device-not-compliant", Map.of())
                                    .required("zt-device-remediation"))));
            create(realm(MANAGED_REALM).user("erin", "erin-password")
                    .attribute("zt.device.registry.trust-cookie", "true")
                    .browserFlow(Flow.topLevel("managed browser")
                            .required(Flow.standardSignIn("managed browser"))
                            .required("zt-device-posture", "check-device", Map.of("sources", "registry"))
                            .conditional(Flow.sub("managed browser unmanaged")
                                    .required("zt-condition-device-managed", "device-unmanaged", Map.of())
                                    .required("zt-deny-access", "deny-unmanaged", Map.of()))));
            browser = Browser.start();
        }

        @AfterAll
        void closeBrowser() {
            browser.close();
        }

        @Test
        @Order(1)
        void anUnknownDeviceIsSentToRemediationAsWhatIfPredicts() {
            JsonNode predicted = outcome(whatIf(COMPLIANT_REALM, question("dave", LONDON)), "browser");

            bothDenied(predicted, browserSignIn(browser, COMPLIANT_REALM, "dave", LONDON), "device-not-compliant");
        }

        @Test
        @Order(2)
        void aDeviceGivenAsCompliantInTheQuestionIsAllowed() {
            JsonNode predicted = outcome(whatIf(COMPLIANT_REALM, question("dave", LONDON, "compliance", "compliant")), "browser");

            assertThat(predicted.path("result").asText()).isEqualTo("allowed");
            assertThat(predicted.path("firstUnmet").path("rule").asText()).isEqualTo("device-not-compliant");
        }

        @Test
        @Order(3)
        void anUnmanagedDeviceIsRefusedThenAllowedOnceAnAdminApprovesItAndWhatIfFollows() {
            JsonNode before = outcome(whatIf(MANAGED_REALM, question("erin", LONDON)), "browser");
            bothDenied(before, browserSignIn(browser, MANAGED_REALM, "erin", LONDON), "device-unmanaged");

            JsonNode devices = admin.get("/admin/realms/" + MANAGED_REALM + "/zero-trust/devices?user=erin").expect(200).json();
            assertThat(devices).hasSize(1);
            String device = devices.get(0).path("id").asText();
            admin.post("/admin/realms/" + MANAGED_REALM + "/zero-trust/devices/" + device + "/approve", null).expect(200);

            JsonNode after = outcome(whatIf(MANAGED_REALM, question("erin", LONDON, "device", device)), "browser");
            bothAllowed(after, browserSignIn(browser, MANAGED_REALM, "erin", LONDON));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AppliesTo {
        static final String REALM = "it-whatif-applies-to";

        @BeforeAll
        void createRealm() {
            create(realm(REALM).user("fay", "fay-password").user("gus", "gus-password").group("contractors", "gus")
                    .browserFlow(Flow.topLevel("audience browser")
                            .required(Flow.standardSignIn("audience browser"))
                            .conditional(Flow.sub("audience browser contractors")
                                    .required("zt-condition-applies-to", "contractors", Map.of("zt.applies-to.groups", "contractors"))
                                    .required("zt-deny-access", "deny-contractors", Map.of()))));
        }

        @Test
        void aMemberOfTheGroupIsRefusedAsWhatIfPredicts() {
            JsonNode predicted = outcome(whatIf(REALM, question("gus", LONDON)), "browser");
            try (Browser browser = Browser.start()) {
                bothDenied(predicted, browserSignIn(browser, REALM, "gus", LONDON), "contractors");
            }
            assertThat(predicted.path("reason").asText()).isEqualTo("group contractors");
        }

        @Test
        void someoneElseIsAllowed() {
            JsonNode predicted = outcome(whatIf(REALM, question("fay", LONDON)), "browser");
            try (Browser browser = Browser.start()) {
                bothAllowed(predicted, browserSignIn(browser, REALM, "fay", LONDON));
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RequireStrength {
        static final String REALM = "it-whatif-strength";
        static final String FLOW = "strength browser";
        final Map<String, String> adminsNeedMfa = Map.of("zt.strength.level", "mfa", "zt.applies-to.groups", "admins");

        @BeforeAll
        void createRealm() {
            create(realm(REALM).attribute("acr.loa.map", "{\"pwd\":1,\"mfa\":2}")
                    .userWithOtp("hana", "hana-password", OTP_SECRET).userWithOtp("ivo", "ivo-password", OTP_SECRET)
                    .group("admins", "hana")
                    .browserFlow(Flow.topLevel(FLOW)
                            .required("zt-require-strength", "admins need mfa (SSO)", adminsNeedMfa)
                            .required(Flow.sub(FLOW + " sign-in")
                                    .alternative("auth-cookie")
                                    .alternative(Flow.sub(FLOW + " levels")
                                            .conditional(Flow.sub(FLOW + " password")
                                                    .required("conditional-level-of-authentication", "level-1",
                                                            Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                                    .required("auth-username-password-form"))
                                            .required("zt-require-strength", "admins need mfa", adminsNeedMfa)
                                            .conditional(Flow.sub(FLOW + " one-time code")
                                                    .required("conditional-level-of-authentication", "level-2",
                                                            Map.of("loa-condition-level", "2", "loa-max-age", "36000"))
                                                    .required("auth-otp-form"))))));
        }

        /** Signs in, answering the one-time code if asked; returns whether it was asked, and the token's acr. */
        Map<String, Object> signIn(String user) {
            try (Browser browser = Browser.start()) {
                browser.from(LONDON).open(signInUrl(REALM, "test-app", "openid"));
                new LoginPage(browser).signIn(user, user + "-password");
                // Look without waiting inside the wait: AppPage.isShown waits by itself, and would hide the code page.
                browser.waitUntil(b -> b.has(By.id("otp")) || b.has(By.id("signed-in")) || b.has(By.id("zt-denied")));
                boolean asked = browser.has(By.id("otp"));
                if (asked) {
                    browser.element(By.id("otp")).sendKeys(Totp.now(OTP_SECRET));
                    browser.element(By.id("kc-login")).click();
                }
                String code = new AppPage(browser).code();
                return Map.of("asked", asked, "acr", Oidc.idTokenClaims(server, REALM, app.callback(), code).path("acr").asText());
            }
        }

        @Test
        void anAdminIsSteppedUpToMfaAsWhatIfPredicts() {
            JsonNode predicted = outcome(whatIf(REALM, question("hana", LONDON)), "browser");

            Map<String, Object> real = signIn("hana");

            assertThat(predicted.path("result").asText()).as(predicted.toString()).isEqualTo("step-up");
            assertThat(predicted.path("stepUpTo").asText()).isEqualTo("mfa");
            assertThat(real).containsEntry("asked", true).containsEntry("acr", "mfa");
        }

        @Test
        void someoneElseSignsInWithThePasswordAlone() {
            JsonNode predicted = outcome(whatIf(REALM, question("ivo", LONDON)), "browser");

            Map<String, Object> real = signIn("ivo");

            assertThat(predicted.path("result").asText()).as(predicted.toString()).isEqualTo("allowed");
            assertThat(real).containsEntry("asked", false);
            assertThat(real.get("acr")).isNotEqualTo("mfa");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RequireMfa {
        static final String REALM = "it-whatif-mfa";

        @BeforeAll
        void createRealm() {
            create(realm(REALM).user("jay", "jay-password").userWithOtp("kim", "kim-password", OTP_SECRET)
                    .browserFlow(Flow.topLevel("mfa browser")
                            .required(Flow.standardSignIn("mfa browser"))
                            .required("zt-require-mfa", "mfa-for-everyone", Map.of("grace_days", "0"))));
        }

        @Test
        void aUserWithoutASecondFactorIsRefusedOnceTheGraceIsOverAsWhatIfPredicts() {
            JsonNode predicted = outcome(whatIf(REALM, question("jay", LONDON)), "browser");
            try (Browser browser = Browser.start()) {
                bothDenied(predicted, browserSignIn(browser, REALM, "jay", LONDON), "mfa-for-everyone");
            }
        }

        @Test
        void aUserWithOneIsAllowed() {
            JsonNode predicted = outcome(whatIf(REALM, question("kim", LONDON)), "browser");
            try (Browser browser = Browser.start()) {
                bothAllowed(predicted, browserSignIn(browser, REALM, "kim", LONDON));
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RestrictUnmanaged {
        static final String REALM = "it-whatif-restrict";

        @BeforeAll
        void createRealm() {
            RealmBuilder realm = realm(REALM).client("payroll", List.of(app.callback()))
                    .protocolMapper("test-app", "device trust", "zt-device-trust-mapper")
                    .user("lee", "lee-password")
                    .browserFlow(Flow.topLevel("restrict browser")
                            .required(Flow.standardSignIn("restrict browser"))
                            .required("zt-device-posture", "check-device", Map.of("sources", "registry"))
                            .required("zt-restrict-unmanaged", "restrict-unmanaged",
                                    Map.of("minimum", "managed", "refused_clients", "payroll")));
            ObjectNode json = realm.build();
            // Imported users get no default roles: offline tokens are only a matter of the device rule.
            ((ObjectNode) json.get("users").get(0)).putArray("realmRoles").add("offline_access");
            admin.deleteRealm(REALM);
            admin.createRealm(json);
            realms.add(REALM);
        }

        @Test
        void anUnmanagedDeviceIsRefusedTheListedAppAsWhatIfPredicts() {
            Map<String, Object> question = question("lee", LONDON, "client", "payroll");
            JsonNode predicted = outcome(whatIf(REALM, question), "browser");
            try (Browser browser = Browser.start()) {
                bothDenied(predicted, browserSignIn(browser, REALM, "payroll", "openid", "lee", LONDON), "restrict-unmanaged");
            }
        }

        @Test
        void anUnmanagedDeviceIsRefusedOfflineAccessAsWhatIfPredicts() {
            JsonNode predicted = outcome(whatIf(REALM, question("lee", LONDON, "scope", "openid offline_access")), "browser");
            try (Browser browser = Browser.start()) {
                bothDenied(predicted, browserSignIn(browser, REALM, "test-app", "openid offline_access", "lee", LONDON),
                        "restrict-unmanaged");
            }
            assertThat(predicted.path("reason").asText()).isEqualTo("scope offline_access from a unmanaged device");
        }

        @Test
        void otherwiseAnUnmanagedDeviceGetsInRestrictedAsWhatIfPredicts() {
            JsonNode predicted = outcome(whatIf(REALM, question("lee", LONDON)), "browser");
            String trust;
            try (Browser browser = Browser.start()) {
                assertThat(browserSignIn(browser, REALM, "lee", LONDON)).isNull();
                trust = Oidc.idTokenClaims(server, REALM, app.callback(), new AppPage(browser).code()).path("device_trust").asText();
            }
            assertThat(predicted.path("result").asText()).as(predicted.toString()).isEqualTo("restricted");
            assertThat(trust).isEqualTo("unmanaged");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Deny {
        static final String REALM = "it-whatif-deny";

        @BeforeAll
        void createRealm() {
            create(realm(REALM).client("retired-app", List.of(app.callback())).user("max", "max-password")
                    .browserFlow(Flow.topLevel("deny browser").required(Flow.standardSignIn("deny browser")))
                    // A flow of its own, bound to the retired app only (Keycloak's authentication flow overrides).
                    .flow(Flow.topLevel("retired app").required(Flow.standardSignIn("retired app"))
                            .required("zt-deny-access", "app-retired", Map.of("message", "generic"))));
            String flowId = null;
            for (JsonNode flow : admin.get("/admin/realms/" + REALM + "/authentication/flows").expect(200).json()) {
                if ("retired app".equals(flow.path("alias").asText())) {
                    flowId = flow.path("id").asText();
                }
            }
            JsonNode client = admin.get("/admin/realms/" + REALM + "/clients?clientId=retired-app").expect(200).json().get(0);
            ((ObjectNode) client).putObject("authenticationFlowBindingOverrides").put("browser", flowId);
            admin.put("/admin/realms/" + REALM + "/clients/" + client.path("id").asText(), client).expect(204);
        }

        @Test
        void theRetiredAppsOwnFlowRefusesEveryoneAsWhatIfPredicts() {
            JsonNode answer = whatIf(REALM, question("max", LONDON, "client", "retired-app"));
            JsonNode predicted = outcome(answer, "browser");
            try (Browser browser = Browser.start()) {
                bothDenied(predicted, browserSignIn(browser, REALM, "retired-app", "openid", "max", LONDON), "app-retired");
            }
            assertThat(answer.path("flows").get(0).path("flow").asText()).isEqualTo("retired app");
            assertThat(answer.path("flows").get(0).path("clientOverride").asBoolean()).isTrue();
        }

        @Test
        void anotherAppIsAllowed() {
            JsonNode predicted = outcome(whatIf(REALM, question("max", LONDON)), "browser");
            try (Browser browser = Browser.start()) {
                bothAllowed(predicted, browserSignIn(browser, REALM, "max", LONDON));
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BadQuestions {
        static final String REALM = "it-whatif-bad";

        @BeforeAll
        void createRealm() {
            create(realm(REALM).user("nia", "nia-password").attribute("acr.loa.map", "{\"mfa\":2}")
                    .browserFlow(Flow.topLevel("bad browser").required(Flow.standardSignIn("bad browser"))));
        }

        @Test
        void questionsAboutNothingThatExistsAreRefusedWithoutAnAnswer() {
            for (Map<String, Object> bad : List.of(question("nia", LONDON, "client", "no-such-app"),
                    question("nia", LONDON, "acr", "gold"), question("nia", LONDON, "compliance", "shiny"),
                    question("nia", LONDON, "managed", true), question("nia", LONDON, "flow", "no such flow"),
                    question("nia", LONDON, "scope", "openid\u0000"))) {
                HttpResult result = admin.post("/admin/realms/" + REALM + "/zero-trust/what-if", bad);
                assertThat(result.status()).as(bad.toString()).isEqualTo(400);
                assertThat(result.json().path("error").asText()).isNotBlank();
            }
        }

        @Test
        void aNamedFlowIsWalkedAlone() {
            JsonNode answer = whatIf(REALM, question("nia", LONDON, "flow", "bad browser", "acr", "mfa"));
            assertThat(answer.path("flows")).hasSize(1);
            assertThat(answer.path("flows").get(0).path("outcome").path("result").asText()).isEqualTo("allowed");
        }
    }
}
