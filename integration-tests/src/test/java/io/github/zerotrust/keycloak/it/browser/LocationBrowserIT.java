package io.github.zerotrust.keycloak.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A person signing in through the browser: allowed from the office, refused from a blocked country
 * with a page that says why and what to do, judged again when they come back with an SSO cookie.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocationBrowserIT {

    static final String REALM = "it-browser";
    static final String LONDON_OFFICE = "192.0.2.10";
    static final String PYONGYANG = "198.51.100.7";
    static final String SYDNEY = "203.0.113.5";
    static final String NOT_IN_DATABASE = "100.64.0.1";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Browser browser;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .locales("en", "de", "fr", "es")
                .user("dave", "dave-password")
                .client("test-app", List.of(app.callback()))
                .browserFlow(Flow.topLevel("zt browser")
                        // The checks sit beside the sign-in sub-flow, not inside its forms branch,
                        // so they also run when the SSO cookie signs the user in.
                        .required(Flow.standardSignIn("zt browser"))
                        .conditional(Flow.sub("zt browser blocked countries")
                                .required("zt-condition-country", "block-countries", Map.of("countries", "KP##RU"))
                                .required("zt-deny-access", "deny-countries", Map.of()))
                        .conditional(Flow.sub("zt browser blocked networks")
                                .required("zt-condition-network-zone", "block-networks", Map.of("zones", "blocked-networks"))
                                .required("zt-deny-access", "deny-networks", Map.of()))
                        .conditional(Flow.sub("zt browser watch")
                                .required("zt-condition-country", "watch-outside-uk",
                                        Map.of("countries", "GB", "match", "not-in", "unknown_country", "no-match", "report_only", "true"))
                                .required("zt-deny-access", "deny-outside-uk", Map.of())))
                .build());
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/london-office",
                Map.of("ranges", List.of("192.0.2.0/24"), "trusted", true)).expect(201);
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/blocked-networks",
                Map.of("ranges", List.of("198.18.0.0/15"), "trusted", false)).expect(201);
    }

    @AfterAll
    void cleanUp() {
        app.close();
        admin.deleteRealm(REALM);
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    String signInUrl() {
        return Oidc.authorizationUrl(server, REALM, "test-app", app.callback());
    }

    void signInFrom(String address, String url) {
        browser.from(address).open(url);
        new LoginPage(browser).signIn("dave", "dave-password");
    }

    @Test
    void signsInFromTheOfficeZone() {
        signInFrom(LONDON_OFFICE, signInUrl());

        assertThat(new AppPage(browser).isShown()).as(browser.currentUrl()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> LONDON_OFFICE.equals(e.path("ipAddress").asText()));
        assertThat(Events.detail(event, "zt_country")).isEqualTo("GB");
        assertThat(Events.detail(event, "zt_zones")).isEqualTo("london-office");
        assertThat(Events.detail(event, "zt_report_only")).isNull();
    }

    @Test
    void refusesBlockedCountryWithAPageThatSaysWhyAndWhatToDo() {
        signInFrom(PYONGYANG, signInUrl());

        DeniedPage denied = new DeniedPage(browser);
        browser.screenshot("denied-country");
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        assertThat(denied.message()).isEqualTo("Sign-in from this country is not allowed for your organisation.");
        assertThat(denied.seenFrom()).contains("North Korea").contains("(KP)");
        assertThat(denied.whatToDo()).contains("contact your IT team");
        assertThat(browser.title()).isNotBlank();

        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
        assertThat(event.path("error").asText()).isEqualTo("access_denied");
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("block-countries");
        assertThat(Events.detail(event, "zt_reason")).isEqualTo("country KP is in [KP, RU]");
        assertThat(Events.detail(event, "zt_outcome")).isEqualTo("deny");
        assertThat(event.path("details").path("username").asText()).isEqualTo("dave");
    }

    @Test
    void refusesInTheUsersLanguage() {
        signInFrom(PYONGYANG, signInUrl() + "&ui_locales=de");

        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.message()).isEqualTo("Die Anmeldung aus diesem Land ist für Ihre Organisation nicht erlaubt.");
        assertThat(denied.seenFrom()).contains("Nordkorea");
    }

    @Test
    void judgesASignInWithTheSsoCookieToo() {
        signInFrom(LONDON_OFFICE, signInUrl());
        assertThat(new AppPage(browser).isShown()).isTrue();

        browser.from(PYONGYANG).open(signInUrl());

        assertThat(new LoginPage(browser).isShown()).as("SSO: no password asked").isFalse();
        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as(browser.pageSource()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
        assertThat(Events.detail(event, "zt_country")).isEqualTo("KP");

        browser.from(LONDON_OFFICE).open(signInUrl());
        assertThat(new AppPage(browser).isShown()).as("back in the office, the SSO session still works").isTrue();
    }

    @Test
    void reportOnlyRuleRecordsWhatItWouldHaveDoneAndLetsThrough() {
        signInFrom(SYDNEY, signInUrl());

        assertThat(new AppPage(browser).isShown()).as(browser.currentUrl()).isTrue();
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> SYDNEY.equals(e.path("ipAddress").asText()));
        assertThat(Events.detail(event, "zt_report_only"))
                .isEqualTo("watch-outside-uk: would match (country AU is not in [GB])");
    }

    @Test
    void unknownCountryIsRefusedByDefault() {
        signInFrom(NOT_IN_DATABASE, signInUrl());

        assertThat(new DeniedPage(browser).isShown()).isTrue();
        assertThat(browser.has(org.openqa.selenium.By.id("zt-denied-country"))).as("no country to name").isFalse();
    }

    @Test
    void refusesBlockedNetworkWithTheNetworkMessage() {
        signInFrom("198.18.0.20", signInUrl());

        assertThat(new DeniedPage(browser).message()).isEqualTo("Sign-in from this network is not allowed for your organisation.");
    }
}
