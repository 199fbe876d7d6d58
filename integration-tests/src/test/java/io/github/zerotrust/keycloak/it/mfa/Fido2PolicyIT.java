package io.github.zerotrust.keycloak.it.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;

/**
 * A security key registered while any model was allowed stops counting once the policy tightens:
 * the user is told to replace it; the model the policy allows still signs in. Chromium's virtual
 * authenticator plays the key; Keycloak's own WebAuthn steps do the ceremonies.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Fido2PolicyIT {

    static final String REALM = "it-fido2";
    static final String FLOW = "key browser";
    static final String SOME_OTHER_MODEL = "cb69481e-8ff7-4039-93ec-0a2729a154a8";
    // The AAGUID Chromium's virtual authenticator claims.
    static final String CHROMIUMS_VIRTUAL_KEY = "01020304-0506-0708-0102-030405060708";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        JsonNode realm = RealmBuilder.realm(REALM)
                .user("nora", "nora-password")
                .user("omar", "omar-password")
                .user("pete", "pete-password")
                .user("quinn", "quinn-password")
                .client("test-app", List.of(app.callback()))
                .browserFlow(keyBrowserFlow(FLOW, Map.of()))
                .build();
        admin.createRealm(realm);
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    void signIn(Browser browser, boolean again) {
        signIn(browser, "nora", again);
    }

    void signIn(Browser browser, String user, boolean again) {
        browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback())
                + (again ? "&prompt=login" : ""));
        new LoginPage(browser).signIn(user, user + "-password");
    }

    /** Password, then the security key, then the FIDO2 policy check with these settings (config alias {@code key-policy}). */
    static Flow keyBrowserFlow(String flow, Map<String, String> policy) {
        return Flow.topLevel(flow)
                .required(Flow.sub(flow + " sign-in")
                        .alternative("auth-cookie")
                        .alternative(Flow.sub(flow + " forms")
                                .required("auth-username-password-form")
                                .required("webauthn-authenticator")
                                .required("zt-fido2-policy", "key-policy", policy)));
    }

    /** Keycloak updates the WebAuthn policy only from a whole realm representation. */
    static void attestationConveyance(AdminApi admin, String realm, String preference) {
        ObjectNode representation = (ObjectNode) admin.get("/admin/realms/" + realm).expect(200).json();
        representation.put("webAuthnPolicyAttestationConveyancePreference", preference);
        admin.put("/admin/realms/" + realm, representation).expect(204);
    }

    JsonNode credentials(String user) {
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
        return admin.get("/admin/realms/" + REALM + "/users/" + userId + "/credentials").expect(200).json();
    }

    @Test
    void aKeyOutsideThePolicyIsRefusedAtRegistrationAndNotStored() {
        admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of("zt.fido.allowed-aaguids", SOME_OTHER_MODEL));
        try (Browser browser = Browser.start().withSecurityKey()) {
            signIn(browser, "omar", false);
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("omar's key");

            DeniedPage denied = new DeniedPage(browser);
            browser.screenshot("fido2-registration-refused");
            assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
            assertThat(denied.message()).startsWith("This security key or passkey is not allowed by your organisation.");
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", Events.withDetail("zt_reference", denied.reference()));
            assertThat(Events.detail(event, "zt_reason")).contains("aaguid-not-allowed");
            assertThat(credentials("omar")).noneSatisfy(c -> assertThat(c.path("type").asText()).isEqualTo("webauthn"));
        } finally {
            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of());
        }
    }

    String registeredModel() {
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=nora&exact=true").expect(200).json().get(0)
                .path("id").asText();
        for (JsonNode credential : admin.get("/admin/realms/" + REALM + "/users/" + userId + "/credentials").expect(200).json()) {
            if ("webauthn".equals(credential.path("type").asText())) {
                return Json.parse(credential.path("credentialData").asText()).path("aaguid").asText();
            }
        }
        throw new AssertionError("nora has no security key");
    }

    /**
     * Before this release the listed model signed in again at the end; an allow list now needs the
     * model proven by an attestation that leads to a root of its metadata entry, and without metadata
     * nothing proves it (the proven case is in FidoMetadataIT).
     */
    @Test
    void aKeyThatNoLongerMeetsThePolicyIsRefusedAndItsListedModelNeedsAProvenAttestation() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            signIn(browser, false);
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny("nora's key");
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
            String model = registeredModel();

            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy",
                    Map.of("zt.fido.allowed-aaguids", SOME_OTHER_MODEL));
            signIn(browser, true);
            browser.element(By.id("authenticateWebAuthnButton")).click();

            DeniedPage denied = new DeniedPage(browser);
            browser.screenshot("fido2-key-not-allowed");
            assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
            assertThat(denied.message()).startsWith("This security key or passkey is not allowed by your organisation.");
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("key-policy");
            assertThat(Events.detail(event, "zt_reason")).contains("aaguid-not-allowed");

            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy",
                    Map.of("zt.fido.allowed-aaguids", model + "," + SOME_OTHER_MODEL));
            signIn(browser, true);
            browser.element(By.id("authenticateWebAuthnButton")).click();

            DeniedPage unproven = new DeniedPage(browser);
            assertThat(unproven.isShown()).as(browser.pageSource()).isTrue();
            JsonNode claimOnly = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", unproven.reference()));
            assertThat(Events.detail(claimOnly, "zt_reason")).startsWith("aaguid-unproven");
        } finally {
            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "an allow list naming its model, zt.fido.allowed-aaguids, MODEL, aaguid-unproven, pete",
        "required attestation, zt.fido.require-attestation, true, attestation-untrusted, quinn",
    })
    void aSoftwareKeyWhoseAttestationLeadsToNoMetadataRootIsRefusedAtRegistrationAndNotStored(
            String policy, String key, String value, String reason, String user) {
        String setting = "MODEL".equals(value) ? CHROMIUMS_VIRTUAL_KEY : value;
        admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of(key, setting));
        // Asked for its attestation, the virtual key sends a packed statement whose chain leads to no metadata root.
        attestationConveyance(admin, REALM, "direct");
        try (Browser browser = Browser.start().withSecurityKey()) {
            signIn(browser, user, false);
            browser.element(By.id("registerWebAuthn")).click();
            browser.answerPromptIfAny(user + "'s key");

            DeniedPage denied = new DeniedPage(browser);
            browser.screenshot("fido2-unproven-attestation-" + user);
            assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
            assertThat(denied.message()).startsWith("This security key or passkey is not allowed by your organisation.");
            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", Events.withDetail("zt_reference", denied.reference()));
            assertThat(Events.detail(event, "zt_reason")).startsWith(reason);
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("zt-fido2-policy");
            assertThat(credentials(user)).noneSatisfy(c -> assertThat(c.path("type").asText()).isEqualTo("webauthn"));
        } finally {
            attestationConveyance(admin, REALM, "not specified");
            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of());
        }
    }
}
