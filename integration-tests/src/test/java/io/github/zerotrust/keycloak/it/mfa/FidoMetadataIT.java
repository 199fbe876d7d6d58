package io.github.zerotrust.keycloak.it.mfa;

import static io.github.zerotrust.keycloak.fido.testing.TestBlobs.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The FIDO Metadata Service BLOB, read from a file on the server: a BLOB that does not verify stops
 * the server at start-up; a loaded one makes a model it reports compromised stop counting at the next
 * sign-in (the file is replaced while the server runs, as an operator does monthly); a replacement
 * that does not verify makes the policy refuse every key until a good BLOB is back (fail closed).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidoMetadataIT {

    static final String REALM = "it-fido-metadata";
    static final String FLOW = "metadata browser";
    static final LocalDate NEXT_MONTH = LocalDate.now(ZoneOffset.UTC).plusDays(30);

    // Generating keys is the slow part: one Metadata Service and one impostor for the class.
    final TestBlobs service = TestBlobs.es256();
    final TestBlobs impostor = TestBlobs.es256();

    Path home;
    Path logs;
    Path blob;
    Path root;
    int generation;

    @BeforeAll
    void prepare(KeycloakServer shared) throws Exception {
        home = KeycloakHome.copyOf(shared.options().home(), TestSettings.work().resolve("home-fido-metadata"));
        logs = TestSettings.work().resolve("logs");
        Path dir = Files.createDirectories(TestSettings.work().resolve("fido-metadata"));
        blob = dir.resolve("blob.jwt");
        root = dir.resolve("root.der");
        Files.write(root, service.root().getEncoded());
    }

    void writeBlob(String jwt) throws IOException {
        Files.writeString(blob, jwt);
        // A replacement must look changed to the server even within one file-system time tick.
        Files.setLastModifiedTime(blob, FileTime.from(Instant.now().plusSeconds(++generation)));
    }

    KeycloakServer server() {
        ServerOptions options = KeycloakExtension.withGeoDatabase(ServerOptions.h2(home), TestSettings.geoDatabase().toString())
                .asNode("fido-metadata", 0)
                .withOption("spi-zt-fido-metadata--file--blob", blob.toString())
                .withOption("spi-zt-fido-metadata--file--root-certificate", root.toString())
                .withOption("spi-zt-fido-metadata--file--check-interval-seconds", "1");
        return new KeycloakServer(options, logs);
    }

    @Test
    void refusesToStartWithABlobNotSignedByTheMetadataService() throws IOException {
        writeBlob(impostor.blob(1, NEXT_MONTH, List.of()));

        KeycloakServer server = server();
        int exit = server.startExpectingFailure(Duration.ofMinutes(3));

        assertThat(exit).isNotZero();
        assertThat(server.log()).contains("Zero Trust: cannot use the FIDO metadata BLOB " + blob);
    }

    @Test
    void aModelReportedCompromisedStopsCountingAndABrokenReplacementFailsClosed() throws IOException {
        writeBlob(service.blob(1, NEXT_MONTH, List.of()));
        try (KeycloakServer server = server().start(); AppServer app = AppServer.start()) {
            AdminApi admin = server.admin();
            createPiasRealm(admin, REALM, FLOW, app);
            String url = Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
            try (Browser browser = Browser.start().withSecurityKey()) {
                browser.from("192.0.2.10");
                registerPiasKey(browser, url);
                assertThat(new AppPage(browser).isShown()).as("the BLOB does not list the model: no objection")
                        .isTrue();

                Aaguid model = Aaguid.of(registeredModel(admin, REALM, "pia"));
                writeBlob(service.blob(2, NEXT_MONTH, List.of(
                        Entry.of(model, "Virtual key", report("FIDO_CERTIFIED_L1", "2025-01-01"),
                                report("ATTESTATION_KEY_COMPROMISE", "2026-01-15")))));
                sleepPastTheCheckInterval();

                DeniedPage denied = signInWithKey(browser, url);
                browser.screenshot("fido-metadata-compromised");
                assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
                assertThat(denied.message()).contains("replace");
                JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR",
                        Events.withDetail("zt_reference", denied.reference()));
                assertThat(Events.detail(event, "zt_reason")).startsWith("compromised");

                writeBlob(service.blob(3, NEXT_MONTH, List.of(Entry.of(model, "Virtual key",
                        report("FIDO_CERTIFIED_L1", "2025-01-01")))));
                sleepPastTheCheckInterval();
                signInWithKey(browser, url);
                assertThat(new AppPage(browser).isShown()).as("the report was withdrawn").isTrue();

                writeBlob(impostor.blob(4, NEXT_MONTH, List.of()));
                sleepPastTheCheckInterval();
                DeniedPage failedClosed = signInWithKey(browser, url);
                assertThat(failedClosed.isShown()).as(browser.pageSource()).isTrue();
                JsonNode closed = Events.await(admin, REALM, "LOGIN_ERROR",
                        Events.withDetail("zt_reference", failedClosed.reference()));
                assertThat(Events.detail(closed, "zt_reason")).startsWith("metadata-unavailable");
                assertThat(server.log()).contains("Every FIDO2 policy check refuses until a valid BLOB is in place");
            }
        }
    }

    @Test
    void aSoftwareKeyClaimingACertifiedModelIsRefusedAndAnOlderBlobPutBackFailsClosed() throws IOException {
        Aaguid virtualKey = Aaguid.of(Fido2PolicyIT.CHROMIUMS_VIRTUAL_KEY);
        // The BLOB says the model the virtual key claims is certified L2; its chain leads to none of the model's roots.
        writeBlob(service.blob(10, NEXT_MONTH, List.of(Entry.of(virtualKey, "Certified key", report("FIDO_CERTIFIED_L2", "2025-01-01")))));
        try (KeycloakServer server = server().start(); AppServer app = AppServer.start()) {
            AdminApi admin = server.admin();
            admin.deleteRealm(REALM);
            JsonNode realm = RealmBuilder.realm(REALM)
                    .user("ray", "ray-password")
                    .user("pia", "pia-password")
                    .client("test-app", List.of(app.callback()))
                    .browserFlow(Fido2PolicyIT.keyBrowserFlow(FLOW, Map.of("zt.fido.minimum-certification-level", "L1")))
                    .build();
            ((com.fasterxml.jackson.databind.node.ObjectNode) realm).put("webAuthnPolicyAttestationConveyancePreference", "direct");
            admin.createRealm(realm);
            String url = Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
            try (Browser browser = Browser.start().withSecurityKey()) {
                browser.from("192.0.2.10").open(url);
                new LoginPage(browser).signIn("ray", "ray-password");
                browser.element(By.id("registerWebAuthn")).click();
                browser.answerPromptIfAny("ray's key");

                DeniedPage denied = new DeniedPage(browser);
                browser.screenshot("fido-metadata-unproven-certification");
                assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
                JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR",
                        Events.withDetail("zt_reference", denied.reference()));
                assertThat(Events.detail(event, "zt_reason")).startsWith("aaguid-unproven");
                assertThat(credentialTypes(admin, "ray")).doesNotContain("webauthn");
            }

            admin.updateAuthenticatorConfig(REALM, FLOW + " forms", "key-policy", Map.of());
            Fido2PolicyIT.attestationConveyance(admin, REALM, "not specified");
            try (Browser browser = Browser.start().withSecurityKey()) {
                browser.from("192.0.2.10").open(url);
                new LoginPage(browser).signIn("pia", "pia-password");
                browser.element(By.id("registerWebAuthn")).click();
                browser.answerPromptIfAny("pia's key");
                assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();

                writeBlob(service.blob(9, NEXT_MONTH, List.of()));
                sleepPastTheCheckInterval();
                DeniedPage rolledBack = signInWithKey(browser, url);

                assertThat(rolledBack.isShown()).as(browser.pageSource()).isTrue();
                JsonNode closed = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", rolledBack.reference()));
                assertThat(Events.detail(closed, "zt_reason")).startsWith("metadata-unavailable").contains("older than no. 10");
                assertThat(server.log()).contains("no. 9").contains("older than no. 10");
            }
        }
    }

    static List<String> credentialTypes(AdminApi admin, String user) {
        String userId = admin.get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
        List<String> types = new java.util.ArrayList<>();
        admin.get("/admin/realms/" + REALM + "/users/" + userId + "/credentials").expect(200).json()
                .forEach(credential -> types.add(credential.path("type").asText()));
        return types;
    }

    /** A realm whose browser flow asks pia (password {@code pia-password}) for her security key, then the policy. */
    static void createPiasRealm(AdminApi admin, String realm, String flow, AppServer app) {
        admin.deleteRealm(realm);
        admin.createRealm(RealmBuilder.realm(realm)
                .user("pia", "pia-password")
                .client("test-app", List.of(app.callback()))
                .browserFlow(Fido2PolicyIT.keyBrowserFlow(flow, Map.of()))
                .build());
    }

    /** pia's first sign-in at {@code url}: her password, then her new security key registered. */
    static void registerPiasKey(Browser browser, String url) {
        browser.open(url);
        new LoginPage(browser).signIn("pia", "pia-password");
        browser.element(By.id("registerWebAuthn")).click();
        browser.answerPromptIfAny("pia's key");
    }

    /** pia signs in again at {@code url} with her password and her key. */
    static DeniedPage signInWithKey(Browser browser, String url) {
        browser.open(url + "&prompt=login");
        new LoginPage(browser).signIn("pia", "pia-password");
        browser.element(By.id("authenticateWebAuthnButton")).click();
        return new DeniedPage(browser);
    }

    static void sleepPastTheCheckInterval() {
        try {
            Thread.sleep(1_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The AAGUID of the security key {@code user} registered in {@code realm}. */
    static String registeredModel(AdminApi admin, String realm, String user) {
        String userId = admin.get("/admin/realms/" + realm + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
        for (JsonNode credential : admin.get("/admin/realms/" + realm + "/users/" + userId + "/credentials").expect(200).json()) {
            if ("webauthn".equals(credential.path("type").asText())) {
                return Json.parse(credential.path("credentialData").asText()).path("aaguid").asText();
            }
        }
        throw new AssertionError(user + " has no security key");
    }
}
