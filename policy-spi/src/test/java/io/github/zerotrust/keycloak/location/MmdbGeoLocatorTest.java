package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase;
import io.github.zerotrust.keycloak.location.testing.MmdbWriter;
import io.github.zerotrust.keycloak.location.testing.TestGeoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MmdbGeoLocatorTest {

    @TempDir
    Path directory;

    private static ClientAddress address(String text) {
        return ClientAddress.parse(text).orElseThrow();
    }

    private Path write(MmdbWriter writer) throws IOException {
        Path path = directory.resolve("db-" + System.nanoTime() + ".mmdb");
        writer.write(path);
        return path;
    }

    @Nested
    class WithTheTestDatabase {

        private MmdbGeoLocator locator;

        @BeforeEach
        void open() throws Exception {
            Path path = directory.resolve("test.mmdb");
            TestGeoDatabase.write(path);
            locator = MmdbGeoLocator.open(path);
        }

        @AfterEach
        void close() throws IOException {
            locator.close();
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "192.0.2.1,        GB, 51.5074,  -0.1278,  20,  64500, Example Office ISP",
            "192.0.2.255,      GB, 51.5074,  -0.1278,  20,  64500, Example Office ISP",
            "198.51.100.7,     KP, 39.0392,  125.7625, 50,  64501, Example KP Telecom",
            "203.0.113.127,    AU, -33.8688, 151.2093, 20,  64502, Example AU Telecom",
            "203.0.113.128,    GB, 53.4808,  -2.2426,  10,  64500, Example Office ISP",
            "198.18.0.0,       DE, 50.1109,  8.6821,   100, 64666, Example Hosting",
            "198.19.255.255,   DE, 50.1109,  8.6821,   100, 64666, Example Hosting",
            "192.88.99.42,     US, 40.7128,  -74.0060, 25,  64503, Example US ISP",
            "2001:db8:1::1,    GB, 51.5074,  -0.1278,  20,  64500, Example Office ISP",
            "2001:db8:2:ffff::9, KP, 39.0392, 125.7625, 50, 64501, Example KP Telecom",
            "2001:db8:3::,     AU, -33.8688, 151.2093, 20,  64502, Example AU Telecom",
            "::ffff:198.51.100.7, KP, 39.0392, 125.7625, 50, 64501, Example KP Telecom",
            "[::ffff:192.0.2.1], GB, 51.5074, -0.1278, 20,  64500, Example Office ISP",
        })
        void locatesListedNetworks(String text, String country, double latitude, double longitude,
                                   int radius, long asn, String organization) {
            GeoLocation location = locator.locate(address(text));

            assertThat(location).isEqualTo(new GeoLocation(Country.of(country), latitude, longitude,
                    radius, asn, organization));
        }

        @ParameterizedTest
        @ValueSource(strings = {"100.64.0.1", "127.0.0.1", "192.0.1.255", "192.0.3.0", "198.20.0.0",
            "2001:db8:ffff::1", "2001:db8:4::", "::1", "::"})
        void knowsNothingAboutUnlistedAddresses(String text) {
            assertThat(locator.locate(address(text))).isEqualTo(GeoLocation.unknown());
        }

        @Test
        void exposesMetadata() {
            assertThat(locator.databaseType()).isEqualTo(TestGeoDatabase.DATABASE_TYPE);
            assertThat(locator.buildDate()).isEqualTo(Instant.ofEpochSecond(MmdbWriter.DEFAULT_BUILD_EPOCH));
        }

        @Test
        void givesUnknownInsteadOfThrowingOnceClosed() throws IOException {
            locator.close();

            assertThat(locator.locate(address("192.0.2.1"))).isEqualTo(GeoLocation.unknown());
        }
    }

    @Nested
    class WithOtherSchemas {

        @Test
        void readsTheFlatIpLocationDbSchemaWithNumbersAsStrings() throws Exception {
            Path path = write(new MmdbWriter("ip-location-db-city", "flat")
                    .insert("192.0.2.0/24", Map.of("country_code", "gb", "latitude", "51.5074", "longitude", "-0.1278"))
                    .insert("2001:db8::/32", Map.of("country_code", "AU", "latitude", -33.8688, "longitude", 151.2093,
                            "autonomous_system_number", 64502L, "autonomous_system_organization", "Example AU")));

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                assertThat(locator.locate(address("192.0.2.9")))
                        .isEqualTo(new GeoLocation(Country.of("GB"), 51.5074, -0.1278, null, null, null));
                assertThat(locator.locate(address("2001:db8::9")))
                        .isEqualTo(new GeoLocation(Country.of("AU"), -33.8688, 151.2093, null, 64502L, "Example AU"));
            }
        }

        @Test
        void fallsBackToRegisteredCountry() throws Exception {
            Path path = write(new MmdbWriter("GeoLite2-Country", "country only")
                    .insert("192.0.2.0/24", Map.of("registered_country", Map.of("iso_code", "DE"))));

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                GeoLocation location = locator.locate(address("192.0.2.9"));

                assertThat(location.country()).isEqualTo(Country.of("DE"));
                assertThat(location.hasCoordinates()).isFalse();
            }
        }

        @Test
        void readsAsnOnlyDatabase() throws Exception {
            Path path = write(new MmdbWriter("GeoLite2-ASN", "asn")
                    .insert("192.0.2.0/24", Map.of("autonomous_system_number", 64500L,
                            "autonomous_system_organization", "Example Office ISP")));

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                assertThat(locator.locate(address("192.0.2.9")))
                        .isEqualTo(new GeoLocation(Country.UNKNOWN, null, null, null, 64500L, "Example Office ISP"));
            }
        }

        @Test
        void treatsInvalidCountryCodeAndNonsenseFieldsAsUnknown() throws Exception {
            Path path = write(new MmdbWriter("broken", "broken values")
                    .insert("192.0.2.0/24", Map.of(
                            "country", Map.of("iso_code", "XYZ"),
                            "location", Map.of("latitude", 91.0, "longitude", "east", "accuracy_radius", "far"),
                            "autonomous_system_number", "AS64500"))
                    .insert("198.51.100.0/24", Map.of("country", "GB", "location", true)));

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                assertThat(locator.locate(address("192.0.2.9"))).isEqualTo(GeoLocation.unknown());
                assertThat(locator.locate(address("198.51.100.9"))).isEqualTo(GeoLocation.unknown());
            }
        }
    }

    @Nested
    class WithAnIpv4OnlyDatabase {

        private MmdbGeoLocator locator;

        @BeforeEach
        void open() throws Exception {
            locator = MmdbGeoLocator.open(DualFileTestDatabase.writeIpv4(directory));
        }

        @AfterEach
        void close() throws IOException {
            locator.close();
        }

        @ParameterizedTest
        @ValueSource(strings = {DualFileTestDatabase.MOSCOW_IPV6, DualFileTestDatabase.LONDON_IPV6, "2001:db8::1",
            "[2001:db8:7::1]", "2000::1"})
        void anIpv6AddressIsUnknownNeverTheCountryOfItsFirst32Bits(String text) {
            assertThat(locator.locate(address(text))).isEqualTo(GeoLocation.unknown());
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({"192.0.2.10, GB", "::ffff:198.51.100.7, RU", "[::ffff:192.0.2.10], GB", "32.1.13.184, US"})
        void ipv4AndIpv4MappedAddressesAreLocated(String text, String country) {
            assertThat(locator.locate(address(text)).country()).isEqualTo(Country.of(country));
        }

        @Test
        void saysItHoldsIpv4Only() {
            assertThat(locator.holdsIpv4()).isTrue();
            assertThat(locator.holdsIpv6()).isFalse();
        }

        @Test
        void readsTheFlatSchemaWithoutAccuracyRadius() {
            assertThat(locator.locate(address(DualFileTestDatabase.MANCHESTER_IPV4)))
                    .isEqualTo(new GeoLocation(Country.of("GB"), 53.4808, -2.2426, null, null, null));
        }
    }

    @Nested
    class WithAnIpv6Database {

        @Test
        void anIpv6FileWithoutIpv4NetworksSaysSoAndKnowsNoIpv4Address() throws Exception {
            try (MmdbGeoLocator locator = MmdbGeoLocator.open(DualFileTestDatabase.writeIpv6(directory))) {
                assertThat(locator.holdsIpv4()).isFalse();
                assertThat(locator.holdsIpv6()).isTrue();
                assertThat(locator.locate(address(DualFileTestDatabase.MOSCOW_IPV4))).isEqualTo(GeoLocation.unknown());
                assertThat(locator.locate(address(DualFileTestDatabase.MOSCOW_IPV6)).country()).isEqualTo(Country.of("RU"));
            }
        }

        @Test
        void aSingleFileWithBothFamiliesHoldsBoth() throws Exception {
            Path path = directory.resolve("both.mmdb");
            TestGeoDatabase.write(path);

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                assertThat(locator.holdsIpv4()).isTrue();
                assertThat(locator.holdsIpv6()).isTrue();
            }
        }

        @Test
        void findsIpv4NetworksKeptUnderTheIpv4MappedPrefix() throws Exception {
            Path path = write(new MmdbWriter("mapped", "IPv4 under ::ffff:0:0/96")
                    .insert("::ffff:192.0.2.0/120", Map.of("country_code", "GB"))
                    .insert("2001:db8:7::/48", Map.of("country_code", "RU")));

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                assertThat(locator.holdsIpv4()).isTrue();
                assertThat(locator.locate(address("192.0.2.9")).country()).isEqualTo(Country.of("GB"));
                assertThat(locator.locate(address("::ffff:192.0.2.9")).country()).isEqualTo(Country.of("GB"));
                assertThat(locator.locate(address("198.51.100.1"))).isEqualTo(GeoLocation.unknown());
            }
        }

        @Test
        void anIpv4OnlyTreeInAnIpv6FileHoldsNoIpv6() throws Exception {
            Path path = write(new MmdbWriter("v4 data in a v6 tree", "no IPv6 networks")
                    .insert("192.0.2.0/24", Map.of("country_code", "GB")));

            try (MmdbGeoLocator locator = MmdbGeoLocator.open(path)) {
                assertThat(locator.holdsIpv4()).isTrue();
                assertThat(locator.holdsIpv6()).isFalse();
            }
        }
    }

    @Nested
    class RefusesToOpen {

        @Test
        void aMissingFile() {
            Path missing = directory.resolve("missing.mmdb");

            assertThatThrownBy(() -> MmdbGeoLocator.open(missing))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("does not exist");
        }

        @Test
        void aDirectory() {
            assertThatThrownBy(() -> MmdbGeoLocator.open(directory))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(directory.toString())
                    .hasMessageContaining("not a readable file");
        }

        @Test
        void anEmptyFile() throws IOException {
            Path empty = Files.write(directory.resolve("empty.mmdb"), new byte[0]);

            assertNotAMaxMindDb(empty);
        }

        @Test
        void randomBytes() throws IOException {
            byte[] noise = new byte[64 * 1024];
            new Random(42).nextBytes(noise);

            assertNotAMaxMindDb(Files.write(directory.resolve("noise.mmdb"), noise));
        }

        @ParameterizedTest(name = "cut to {0} bytes")
        @ValueSource(ints = {16, 600, 1500, 2400})
        void aTruncatedCopyOfTheTestDatabase(int length) throws IOException {
            byte[] full = TestGeoDatabase.bytes();
            Path truncated = Files.write(directory.resolve("truncated.mmdb"), Arrays.copyOf(full, length));

            assertThatThrownBy(() -> MmdbGeoLocator.open(truncated))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(truncated.toString());
        }

        private void assertNotAMaxMindDb(Path path) {
            assertThatThrownBy(() -> MmdbGeoLocator.open(path))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(path.toString())
                    .hasMessageContaining("not a valid MaxMind DB");
        }
    }
}
