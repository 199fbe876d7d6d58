package io.github.zerotrust.keycloak.location;

import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.LONDON_IPV4;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.LONDON_IPV6;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.MOSCOW_IPV4;
import static io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase.MOSCOW_IPV6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.location.testing.DualFileTestDatabase;
import io.github.zerotrust.keycloak.location.testing.MmdbWriter;
import io.github.zerotrust.keycloak.location.testing.TestGeoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MmdbDataSetTest {

    @TempDir
    Path directory;

    private static Country countryOf(GeoLocator locator, String address) {
        return locator.locate(ClientAddress.parse(address).orElseThrow()).country();
    }

    @Nested
    class TheTwoFilesOfOneDataSet {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            LONDON_IPV4 + ", GB", MOSCOW_IPV4 + ", RU", "::ffff:" + MOSCOW_IPV4 + ", RU",
            LONDON_IPV6 + ", GB", MOSCOW_IPV6 + ", RU", "2001:db8::1, ZZ", "32.1.13.184, US"})
        void serveTogetherEachAddressFromTheFileOfItsFamily(String address, String country) throws Exception {
            try (MmdbDataSet dataSet = MmdbDataSet.open(DualFileTestDatabase.writeIpv4(directory),
                    Optional.of(DualFileTestDatabase.writeIpv6(directory)))) {
                assertThat(countryOf(dataSet, address)).isEqualTo(Country.parse(country).orElse(Country.UNKNOWN));
                assertThat(dataSet.answersIpv4()).isTrue();
                assertThat(dataSet.answersIpv6()).isTrue();
                assertThat(dataSet.describe()).hasSize(2);
            }
        }

        @Test
        void theIpv4FileAloneKnowsNoIpv6AddressAndSaysSo() throws Exception {
            try (MmdbDataSet dataSet = MmdbDataSet.open(DualFileTestDatabase.writeIpv4(directory), Optional.empty())) {
                assertThat(countryOf(dataSet, MOSCOW_IPV6)).isEqualTo(Country.UNKNOWN);
                assertThat(countryOf(dataSet, LONDON_IPV6)).isEqualTo(Country.UNKNOWN);
                assertThat(countryOf(dataSet, MOSCOW_IPV4)).isEqualTo(Country.of("RU"));
                assertThat(dataSet.answersIpv4()).isTrue();
                assertThat(dataSet.answersIpv6()).isFalse();
            }
        }

        @Test
        void theIpv6FileAloneKnowsNoIpv4AddressAndSaysSo() throws Exception {
            try (MmdbDataSet dataSet = MmdbDataSet.open(DualFileTestDatabase.writeIpv6(directory), Optional.empty())) {
                assertThat(countryOf(dataSet, MOSCOW_IPV4)).isEqualTo(Country.UNKNOWN);
                assertThat(countryOf(dataSet, MOSCOW_IPV6)).isEqualTo(Country.of("RU"));
                assertThat(dataSet.answersIpv4()).isFalse();
                assertThat(dataSet.answersIpv6()).isTrue();
            }
        }

        @Test
        void refusesTheIpv4FileGivenAsTheIpv6File() throws Exception {
            Path ipv6 = DualFileTestDatabase.writeIpv6(directory);

            assertThatThrownBy(() -> MmdbDataSet.open(ipv6, Optional.of(DualFileTestDatabase.writeIpv4(directory))))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining("test-city-ipv4.mmdb")
                    .hasMessageContaining("holds no IPv6 networks");
        }
    }

    @Test
    void aSingleFileWithBothFamiliesKeepsWorkingAlone() throws Exception {
        Path path = directory.resolve("geolite2-like.mmdb");
        TestGeoDatabase.write(path);

        try (MmdbDataSet dataSet = MmdbDataSet.open(path, Optional.empty())) {
            assertThat(countryOf(dataSet, "198.51.100.7")).isEqualTo(Country.of("KP"));
            assertThat(countryOf(dataSet, "2001:db8:1::5")).isEqualTo(Country.of("GB"));
            assertThat(dataSet.answersIpv4()).isTrue();
            assertThat(dataSet.answersIpv6()).isTrue();
            assertThat(dataSet.describe()).singleElement().asString().contains("geolite2-like.mmdb", "IPv6 tree");
        }
    }

    @Test
    void aSecondFileAnswersEveryIpv6AddressEvenWhenTheFirstHoldsIpv6Too() throws Exception {
        Path both = directory.resolve("both.mmdb");
        TestGeoDatabase.write(both);

        try (MmdbDataSet dataSet = MmdbDataSet.open(both, Optional.of(DualFileTestDatabase.writeIpv6(directory)))) {
            assertThat(countryOf(dataSet, "2001:db8:1::5")).as("only in the first file").isEqualTo(Country.UNKNOWN);
            assertThat(countryOf(dataSet, MOSCOW_IPV6)).isEqualTo(Country.of("RU"));
            assertThat(countryOf(dataSet, "198.51.100.7")).isEqualTo(Country.of("KP"));
        }
    }

    @Test
    void ipv4GoesToTheSecondFileWhenOnlyItHoldsIpv4() throws Exception {
        Path noIpv4 = directory.resolve("ipv6-only.mmdb");
        new MmdbWriter("v6", "IPv6 only").insert("2001:db8:9::/48", Map.of("country_code", "FR")).write(noIpv4);

        try (MmdbDataSet dataSet = MmdbDataSet.open(noIpv4, Optional.of(Files.write(directory.resolve("full.mmdb"),
                TestGeoDatabase.bytes())))) {
            assertThat(countryOf(dataSet, "198.51.100.7")).isEqualTo(Country.of("KP"));
            assertThat(countryOf(dataSet, "2001:db8:9::1")).as("IPv6 comes from the second file").isEqualTo(Country.UNKNOWN);
        }
    }

    @Nested
    class RefusesToOpen {

        @Test
        void aMissingSecondFile() throws IOException {
            Path missing = directory.resolve("missing-ipv6.mmdb");
            Path ipv4 = DualFileTestDatabase.writeIpv4(directory);

            assertThatThrownBy(() -> MmdbDataSet.open(ipv4, Optional.of(missing)))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("does not exist");
        }

        @Test
        void aCorruptSecondFile() throws IOException {
            Path corrupt = Files.writeString(directory.resolve("corrupt-ipv6.mmdb"), "not a MaxMind database");
            Path ipv4 = DualFileTestDatabase.writeIpv4(directory);

            assertThatThrownBy(() -> MmdbDataSet.open(ipv4, Optional.of(corrupt)))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(corrupt.toString())
                    .hasMessageContaining("not a valid MaxMind DB");
        }

        @Test
        void aMissingFirstFileEvenWithAGoodSecondOne() throws IOException {
            Path missing = directory.resolve("missing-ipv4.mmdb");
            Path ipv6 = DualFileTestDatabase.writeIpv6(directory);

            assertThatThrownBy(() -> MmdbDataSet.open(missing, Optional.of(ipv6)))
                    .isInstanceOf(GeoDatabaseException.class)
                    .hasMessageContaining(missing.toString());
        }
    }
}
