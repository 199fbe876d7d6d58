package io.github.zerotrust.keycloak.it.location;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Country and network-zone rules in the direct-grant (password grant) flow: refused sign-ins get an
 * OAuth error and an event that says which rule refused them and why.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectGrantLocationIT {

    static final String REALM = "it-direct-grant";
    static final String FLOW = "zt direct grant";
    static final String COUNTRY_RULE = "block-countries";

    // Addresses the test GeoIP database (demo/zero-trust-demo-geo.mmdb) places; see demo/GEO-DATABASE.md.
    static final String LONDON = "192.0.2.10";
    static final String PYONGYANG = "198.51.100.7";
    static final String SYDNEY = "203.0.113.5";
    static final String HOSTING = "198.18.0.20";
    static final String NOT_IN_DATABASE = "100.64.0.1";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("alice", "alice-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel(FLOW)
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub(FLOW + " blocked countries")
                                .required("zt-condition-country", COUNTRY_RULE, countryRule("match"))
                                .required("zt-deny-access", "deny-blocked-countries", Map.of()))
                        .conditional(Flow.sub(FLOW + " blocked networks")
                                .required("zt-condition-network-zone", "block-hosting-networks",
                                        Map.of("zones", "hosting", "match", "in"))
                                .required("zt-deny-access", "deny-blocked-networks", Map.of())))
                .build());
        admin.put("/admin/realms/" + REALM + "/zero-trust/zones/hosting",
                Map.of("ranges", List.of("198.18.0.0/15", "2001:db8:ffff::/48"), "trusted", false)).expect(201);
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    static Map<String, String> countryRule(String unknownCountry) {
        return Map.of("countries", "KP##RU", "match", "in", "unknown_country", unknownCountry);
    }

    HttpResult signIn(String from) {
        return Oidc.passwordGrant(server, REALM, "test-app", "alice", "alice-password", from);
    }

    @Test
    void allowsSignInFromAllowedCountry() {
        HttpResult result = signIn(LONDON);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().path("access_token").asText()).isNotEmpty();
    }

    @Test
    void refusesSignInFromBlockedCountryWithOAuthErrorAndEvent() {
        HttpResult result = signIn(PYONGYANG);

        assertThat(result.status()).isEqualTo(400);
        JsonNode error = result.json();
        assertThat(error.path("error").asText()).isEqualTo("access_denied");
        assertThat(error.path("error_description").asText())
                .startsWith("Sign-in from this country is not allowed for your organisation.")
                .contains("Reference: ");
        String reference = error.path("error_description").asText().replaceAll(".*Reference: ", "");

        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", reference));
        assertThat(event.path("error").asText()).isEqualTo("access_denied");
        assertThat(event.path("ipAddress").asText()).isEqualTo(PYONGYANG);
        assertThat(Events.detail(event, "zt_rule")).isEqualTo(COUNTRY_RULE);
        assertThat(Events.detail(event, "zt_reason")).isEqualTo("country KP is in [KP, RU]");
        assertThat(Events.detail(event, "zt_country")).isEqualTo("KP");
        assertThat(Events.detail(event, "zt_outcome")).isEqualTo("deny");
    }

    @Test
    void refusesSignInFromBlockedNetworkZone() {
        HttpResult result = signIn(HOSTING);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
        assertThat(result.json().path("error_description").asText()).startsWith("Sign-in from this network is not allowed");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_rule", "block-hosting-networks"));
        assertThat(Events.detail(event, "zt_zones")).isEqualTo("hosting");
        assertThat(Events.detail(event, "zt_reason")).isEqualTo("address is in [hosting]");
    }

    @Test
    void wrongPasswordIsStillJustAWrongPassword() {
        HttpResult result = Oidc.passwordGrant(server, REALM, "test-app", "alice", "wrong", PYONGYANG);

        assertThat(result.json().path("error").asText()).isEqualTo("invalid_grant");
        assertThat(result.json().path("error_description").asText()).isEqualTo("Invalid user credentials");
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AddressForms {

        @ParameterizedTest
        @ValueSource(strings = {"[2001:db8:2::5]", "::ffff:198.51.100.7", "[::ffff:198.51.100.7]"})
        void refusesBlockedCountryWhateverTheAddressForm(String address) {
            HttpResult result = signIn(address);

            assertThat(result.status()).as(result.body()).isEqualTo(400);
            String reference = result.json().path("error_description").asText().replaceAll(".*Reference: ", "");
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", reference));
            assertThat(Events.detail(event, "zt_address")).isEqualTo("valid");
            assertThat(Events.detail(event, "zt_country")).isEqualTo("KP");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[2001:db8:1::5]", "::ffff:192.0.2.10", "2001:db8:1::5"})
        void allowsAllowedCountryWhateverTheAddressForm(String address) {
            assertThat(signIn(address).status()).isEqualTo(200);
        }

        @Test
        void matchesIpv6AddressAgainstIpv6ZoneRange() {
            admin.updateAuthenticatorConfig(REALM, FLOW, COUNTRY_RULE, countryRule("no-match"));
            try {
                HttpResult result = signIn("[2001:db8:ffff::1]");

                assertThat(result.status()).isEqualTo(400);
                String reference = result.json().path("error_description").asText().replaceAll(".*Reference: ", "");
                JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", reference));
                assertThat(Events.detail(event, "zt_rule")).isEqualTo("block-hosting-networks");
                assertThat(Events.detail(event, "zt_zones")).isEqualTo("hosting");
            } finally {
                admin.updateAuthenticatorConfig(REALM, FLOW, COUNTRY_RULE, countryRule("match"));
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class UnknownCountry {

        @AfterEach
        void restoreDefault() {
            admin.updateAuthenticatorConfig(REALM, FLOW, COUNTRY_RULE, countryRule("match"));
        }

        @Test
        void isRefusedByDefault() {
            HttpResult result = signIn(NOT_IN_DATABASE);

            assertThat(result.status()).isEqualTo(400);
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR",
                    e -> NOT_IN_DATABASE.equals(e.path("ipAddress").asText()));
            assertThat(Events.detail(event, "zt_country")).isEqualTo("unknown");
            assertThat(Events.detail(event, "zt_reason")).isEqualTo("country unknown");
        }

        @Test
        void isLetThroughWhenTheAdminSaysSo() {
            admin.updateAuthenticatorConfig(REALM, FLOW, COUNTRY_RULE, countryRule("no-match"));

            assertThat(signIn(NOT_IN_DATABASE).status()).isEqualTo(200);
            assertThat(signIn(PYONGYANG).status()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/2147483648", "2001:db8::/9223372036854775807", "10.0.0.0/4294967320"})
    void aNetworkRuleWithAnAbsurdPrefixLengthRefusesTheSignInClosedInsteadOfCrashing(String range) {
        admin.updateAuthenticatorConfig(REALM, FLOW, "block-hosting-networks",
                Map.of("zones", "hosting", "ranges", "192.0.2.0/24##" + range, "match", "in"));
        try {
            HttpResult result = signIn(SYDNEY);

            assertThat(result.status()).as(result.body()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
            assertThat(result.json().path("error_description").asText()).startsWith("Sign-in from this network is not allowed");
            String reference = result.json().path("error_description").asText().replaceAll(".*Reference: ", "");
            JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", reference));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("block-hosting-networks");
            assertThat(Events.detail(event, "zt_reason")).startsWith("misconfigured: ").contains("prefix length");
        } finally {
            admin.updateAuthenticatorConfig(REALM, FLOW, "block-hosting-networks", Map.of("zones", "hosting", "match", "in"));
        }
        assertThat(signIn(SYDNEY).status()).as("the repaired rule lets an ordinary sign-in through again").isEqualTo(200);
    }

    @Test
    void reportOnlyRecordsWhatItWouldHaveDoneAndLetsThrough() {
        admin.updateAuthenticatorConfig(REALM, FLOW, COUNTRY_RULE,
                Map.of("countries", "AU", "match", "in", "report_only", "true"));
        try {
            HttpResult result = signIn(SYDNEY);

            assertThat(result.status()).as(result.body()).isEqualTo(200);
            JsonNode event = Events.await(admin, REALM, "LOGIN", e -> SYDNEY.equals(e.path("ipAddress").asText()));
            assertThat(Events.detail(event, "zt_report_only"))
                    .isEqualTo(COUNTRY_RULE + ": would match (country AU is in [AU])");
            assertThat(Events.detail(event, "zt_country")).isEqualTo("AU");
        } finally {
            admin.updateAuthenticatorConfig(REALM, FLOW, COUNTRY_RULE, countryRule("match"));
        }
    }
}
