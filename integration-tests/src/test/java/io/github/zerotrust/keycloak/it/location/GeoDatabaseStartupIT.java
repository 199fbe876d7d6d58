package io.github.zerotrust.keycloak.it.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A GeoIP database that cannot be read is a clear start-up error, never a 500 in the middle of a
 * sign-in; an operator who prefers to run without one says so, and every country is then unknown.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoDatabaseStartupIT {

    Path home;
    Path logs;

    @BeforeAll
    void copyTheBuiltServer(KeycloakServer shared) {
        home = KeycloakHome.copyOf(shared.options().home(), TestSettings.work().resolve("home-geo-check"));
        logs = TestSettings.work().resolve("logs");
    }

    KeycloakServer serverWith(String database, boolean required) {
        ServerOptions options = KeycloakExtension.withGeoDatabase(ServerOptions.h2(home), database)
                .asNode("geo-check", 0)
                .withOption("spi-zt-geo-locator--mmdb--required", Boolean.toString(required));
        return new KeycloakServer(options, logs);
    }

    @Test
    void refusesToStartWithAMissingDatabase() {
        KeycloakServer server = serverWith("/nonexistent/GeoLite2-Country.mmdb", true);

        int exit = server.startExpectingFailure(Duration.ofMinutes(3));

        assertThat(exit).isNotZero();
        assertThat(server.log()).contains("Zero Trust: cannot use the GeoIP database /nonexistent/GeoLite2-Country.mmdb");
    }

    @Test
    void refusesToStartWithACorruptDatabase() throws IOException {
        Path corrupt = Files.createTempFile("corrupt", ".mmdb");
        byte[] real = Files.readAllBytes(TestSettings.geoDatabase());
        Files.write(corrupt, Arrays.copyOf(real, real.length / 3));
        KeycloakServer server = serverWith(corrupt.toString(), true);

        int exit = server.startExpectingFailure(Duration.ofMinutes(3));

        assertThat(exit).isNotZero();
        assertThat(server.log()).contains("Zero Trust: cannot use the GeoIP database " + corrupt);
    }

    @Test
    void startsWithEveryCountryUnknownWhenTheOperatorAllowsIt() throws IOException {
        Path corrupt = Files.createTempFile("corrupt", ".mmdb");
        Files.writeString(corrupt, "this is not a MaxMind database");
        try (KeycloakServer server = serverWith(corrupt.toString(), false).start()) {
            String located = server.admin().get("/admin/realms/master/zero-trust/locate?address=192.0.2.10")
                    .expect(200).json().path("country").asText();

            assertThat(located).isEqualTo("unknown");
            assertThat(server.log()).contains("cannot be used").contains("every sign-in's country is 'unknown'");
        }
    }

    KeycloakServer serverWithTwoFiles(String database, String ipv6Database, boolean required) {
        return new KeycloakServer(serverWith(database, required).options()
                .withOption("spi-zt-geo-locator--mmdb--database-ipv6", ipv6Database), logs);
    }

    Path dataSet() throws IOException {
        return Files.createDirectories(TestSettings.work().resolve("geo-check-data"));
    }

    @Test
    void refusesToStartWithAMissingIpv6Database() throws IOException {
        String ipv4 = DualFileTestDatabase.writeIpv4(dataSet()).toString();
        KeycloakServer server = serverWithTwoFiles(ipv4, "/nonexistent/geolite2-city-ipv6.mmdb", true);

        int exit = server.startExpectingFailure(Duration.ofMinutes(3));

        assertThat(exit).isNotZero();
        assertThat(server.log()).contains("Zero Trust: cannot use the GeoIP database " + ipv4
                + " with /nonexistent/geolite2-city-ipv6.mmdb").contains("does not exist");
    }

    @Test
    void refusesToStartWhenTheIpv6FileHoldsNoIpv6Networks() throws IOException {
        String ipv4 = DualFileTestDatabase.writeIpv4(dataSet()).toString();
        KeycloakServer server = serverWithTwoFiles(ipv4, ipv4, true);

        int exit = server.startExpectingFailure(Duration.ofMinutes(3));

        assertThat(exit).isNotZero();
        assertThat(server.log()).contains("holds no IPv6 networks (ip_version 4)");
    }

    @Test
    void anIpv4OnlyDatabaseWarnsAtStartUpAndLocatesIpv6AddressesAsUnknownNeverAsAnotherCountry() throws IOException {
        String ipv4 = DualFileTestDatabase.writeIpv4(dataSet()).toString();
        try (KeycloakServer server = serverWith(ipv4, true).start()) {
            String locate = "/admin/realms/master/zero-trust/locate?address=";

            assertThat(server.log()).contains("GeoIP database " + ipv4 + " holds no IPv6 networks")
                    .contains("--spi-zt-geo-locator--mmdb--database-ipv6");
            // Read as IPv4, their first 32 bits (32.1.13.184) are a US network of the file.
            assertThat(server.admin().get(locate + DualFileTestDatabase.MOSCOW_IPV6).expect(200).json().path("country").asText())
                    .isEqualTo("unknown");
            assertThat(server.admin().get(locate + DualFileTestDatabase.LONDON_IPV6).expect(200).json().path("country").asText())
                    .isEqualTo("unknown");
            assertThat(server.admin().get(locate + DualFileTestDatabase.MOSCOW_IPV4).expect(200).json().path("country").asText())
                    .isEqualTo("RU");
        }
    }

    @Test
    void startsWithEveryCountryUnknownWhenABrokenIpv6FileIsAllowed() throws IOException {
        Path corrupt = Files.writeString(dataSet().resolve("corrupt-ipv6.mmdb"), "this is not a MaxMind database");
        String ipv4 = DualFileTestDatabase.writeIpv4(dataSet()).toString();
        try (KeycloakServer server = serverWithTwoFiles(ipv4, corrupt.toString(), false).start()) {
            String located = server.admin().get("/admin/realms/master/zero-trust/locate?address=" + DualFileTestDatabase.MOSCOW_IPV4)
                    .expect(200).json().path("country").asText();

            assertThat(located).as("the data set is used whole or not at all").isEqualTo("unknown");
            assertThat(server.log()).contains("cannot be used").contains(corrupt.toString());
        }
    }
}
