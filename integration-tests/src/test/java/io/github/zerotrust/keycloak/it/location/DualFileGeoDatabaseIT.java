package io.github.zerotrust.keycloak.it.location;

import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.LONDON_IPV4;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.LONDON_IPV6;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.MANCHESTER_IPV4;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.MANCHESTER_IPV6;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.MOSCOW_IPV4;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.MOSCOW_IPV6;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A GeoIP data set that ships IPv4 and IPv6 in two files (ip-location-db's shape: flat records, no
 * accuracy radius), written by the test and served together: an IPv6 address of a blocked country
 * is refused, one of an allowed country signs in, and a user whom the data places in London and
 * then in Manchester seconds apart is not refused as impossible travel.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DualFileGeoDatabaseIT {

    static final String COUNTRIES = "it-dual-file-countries";
    static final String RISK = "it-dual-file-risk";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void startWithTheTwoFiles(KeycloakServer shared) throws Exception {
        Path home = KeycloakHome.copyOf(shared.options().home(), TestSettings.work().resolve("home-dual-file"));
        Path data = Files.createDirectories(TestSettings.work().resolve("dual-file-geo"));
        ServerOptions options = KeycloakExtension.withGeoDatabase(ServerOptions.h2(home),
                        DualFileTestDatabase.writeIpv4(data).toString())
                .withOption("spi-zt-geo-locator--mmdb--database-ipv6", DualFileTestDatabase.writeIpv6(data).toString())
                .asNode("dual-file", 0);
        server = new KeycloakServer(options, TestSettings.work().resolve("logs")).start();
        admin = server.admin();
        admin.createRealm(RealmBuilder.realm(COUNTRIES)
                .user("ivan", "ivan-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("uk only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("uk only blocked")
                                .required("zt-condition-country", "block-russia", Map.of("countries", "RU", "match", "in"))
                                .required("zt-deny-access", "deny-russia", Map.of()))
                        .conditional(Flow.sub("uk only outside")
                                .required("zt-condition-country", "only-uk", Map.of("countries", "GB", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-uk", Map.of())))
                .build());
        admin.createRealm(RealmBuilder.realm(RISK)
                .user("grace", "grace-password")
                .user("henry", "henry-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("deny high risk")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off"))
                        .conditional(Flow.sub("deny high risk high")
                                .required("zt-condition-risk-level", "deny-high-risk", Map.of("level", "high"))
                                .required("zt-deny-access", "deny-high", Map.of())))
                .build());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    HttpResult signIn(String realm, String user, String from) {
        return Oidc.passwordGrant(server, realm, "test-app", user, user + "-password", from);
    }

    /** Events name an IPv6 address in whatever form Keycloak prints it; compare the addresses. */
    static Predicate<JsonNode> from(String address) {
        return event -> {
            String text = event.path("ipAddress").asText("");
            // Only literals, so that nothing here ever asks DNS.
            if (!text.matches("[0-9A-Fa-f:.]+")) {
                return false;
            }
            try {
                return InetAddress.getByName(text).equals(InetAddress.getByName(address));
            } catch (UnknownHostException notALiteral) {
                return false;
            }
        };
    }

    String located(String address) {
        return admin.get("/admin/realms/" + COUNTRIES + "/zero-trust/locate?address=" + address)
                .expect(200).json().path("country").asText();
    }

    @Test
    void startsWithBothFilesNamedInTheLogAndNoMissingFamilyWarning() {
        assertThat(server.log()).contains("GeoIP database loaded: ").contains("test-city-ipv4.mmdb")
                .contains("test-city-ipv6.mmdb").doesNotContain("holds no IPv6 networks").doesNotContain("holds no IPv4 networks");
    }

    @Nested
    class CountryRules {

        @Test
        void aRussianIpv6AddressIsRefusedByTheBlockList() {
            HttpResult result = signIn(COUNTRIES, "ivan", MOSCOW_IPV6);

            assertThat(result.status()).as(result.body()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
            String reference = result.json().path("error_description").asText().replaceAll(".*Reference: ", "");
            JsonNode event = Events.await(admin, COUNTRIES, "LOGIN_ERROR", Events.withDetail("zt_reference", reference));
            assertThat(Events.detail(event, "zt_rule")).isEqualTo("block-russia");
            assertThat(Events.detail(event, "zt_country")).isEqualTo("RU");
        }

        @Test
        void aUkIpv6AddressSignsInThroughTheAllowList() {
            HttpResult result = signIn(COUNTRIES, "ivan", LONDON_IPV6);

            assertThat(result.status()).as(result.body()).isEqualTo(200);
            assertThat(result.json().path("access_token").asText()).isNotEmpty();
        }

        @Test
        void theIpv4FileStillServesIpv4AndIpv4MappedAddresses() {
            assertThat(signIn(COUNTRIES, "ivan", MOSCOW_IPV4).status()).isEqualTo(400);
            assertThat(signIn(COUNTRIES, "ivan", "::ffff:" + MOSCOW_IPV4).status()).isEqualTo(400);
            assertThat(signIn(COUNTRIES, "ivan", LONDON_IPV4).status()).isEqualTo(200);
            assertThat(located("::ffff:" + LONDON_IPV4)).isEqualTo("GB");
        }

        @Test
        void anIpv6AddressTheIpv6FileDoesNotListIsUnknownNotTheCountryOfItsFirst32Bits() {
            // 2001:db8::1 begins with the bits of 32.1.13.184, which the IPv4 file places in the US.
            assertThat(located("32.1.13.184")).isEqualTo("US");
            assertThat(located("2001:db8::1")).isEqualTo("unknown");
            HttpResult result = signIn(COUNTRIES, "ivan", "2001:db8::1");

            assertThat(result.status()).as("unknown is outside the allow list").isEqualTo(400);
            JsonNode event = Events.await(admin, COUNTRIES, "LOGIN_ERROR", from("2001:db8::1"));
            assertThat(Events.detail(event, "zt_country")).isEqualTo("unknown");
        }
    }

    @Nested
    class TravelOnDataWithoutAccuracyRadius {

        @Test
        void londonThenManchesterSecondsApartSignsIn() {
            assertThat(signIn(RISK, "grace", LONDON_IPV4).status()).isEqualTo(200);

            HttpResult manchester = signIn(RISK, "grace", MANCHESTER_IPV6);

            assertThat(manchester.status()).as(manchester.body()).isEqualTo(200);
            JsonNode event = Events.await(admin, RISK, "LOGIN", from(MANCHESTER_IPV6));
            assertThat(Events.detail(event, "zt_risk_reasons")).doesNotContain("impossible-travel");
            assertThat(signIn(RISK, "grace", MANCHESTER_IPV4).status()).isEqualTo(200);
        }

        @Test
        void londonThenMoscowSecondsApartIsStillImpossibleTravel() {
            assertThat(signIn(RISK, "henry", LONDON_IPV6).status()).isEqualTo(200);

            HttpResult moscow = signIn(RISK, "henry", MOSCOW_IPV4);

            assertThat(moscow.status()).as(moscow.body()).isEqualTo(400);
            JsonNode event = Events.await(admin, RISK, "LOGIN_ERROR", from(MOSCOW_IPV4));
            assertThat(Events.detail(event, "zt_risk_reasons")).contains("impossible-travel");
        }
    }
}
