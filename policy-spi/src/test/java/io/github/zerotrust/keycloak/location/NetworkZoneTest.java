package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkZoneTest {

    private static NetworkZone office(String... ranges) {
        return NetworkZone.of("Office", Arrays.asList(ranges), true);
    }

    @Nested
    class Ranges {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
            "10.0.0.0/8, 10.0.0.0/8",
            "192.0.2.0/24, 192.0.2.0/24",
            "' 192.0.2.0/24 ', 192.0.2.0/24",
            "192.0.2.7, 192.0.2.7/32",
            "192.0.2.7/32, 192.0.2.7/32",
            "2001:db8::/32, 2001:db8::/32",
            "2001:DB8:0:0::/64, 2001:db8::/64",
            "2001:db8::1, 2001:db8::1/128",
            "::/16, ::/16",
            "::ffff:192.0.2.0/120, 192.0.2.0/24",
            "::ffff:192.0.2.7, 192.0.2.7/32",
        })
        void areStoredNormalised(String range, String normalised) {
            assertThat(office(range).ranges()).containsExactly(normalised);
        }

        @Test
        void refusesHostBitsAndSuggestsTheNetwork() {
            assertThatThrownBy(() -> office("10.1.0.0/16", "192.0.2.1/24"))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office'")
                    .hasMessageContaining("192.0.2.1/24 has host bits set; did you mean 192.0.2.0/24?");
        }

        @Test
        void refusesIpv6HostBitsAndSuggestsTheNetwork() {
            assertThatThrownBy(() -> office("2001:db8::1/32"))
                    .hasMessageContaining("did you mean 2001:db8::/32?");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0.0.0/0", "10.0.0.0/7", "128.0.0.0/1", "::/0", "2000::/15", "::ffff:0.0.0.0/96"})
        void refusesRangesBroaderThanSlash8ForIpv4OrSlash16ForIpv6(String range) {
            assertThatThrownBy(() -> office(range))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office'")
                    .hasMessageContaining(range)
                    .hasMessageContaining("too broad");
        }

        @ParameterizedTest
        @ValueSource(strings = {"office.example.com", "192.0.2.0/33", "10.0.0.0/255.0.0.0", "192.0.2.*",
            "192.0.2.1-192.0.2.9", "fe80::/64%eth0", "192.0.2.0/24 junk", "256.0.0.0/8", "010.0.0.0/8"})
        void refusesTextThatIsNotAnAddressOrCidr(String range) {
            assertThatThrownBy(() -> office(range))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office'")
                    .hasMessageContaining(range)
                    .hasMessageContaining("is not an IP address or CIDR range");
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/2147483648", "10.0.0.0/9223372036854775807", "10.0.0.0/4294967320",
            "10.0.0.0/4294967296", "10.0.0.0/99999999999999999999999999", "2001:db8::/2147483648",
            "2001:db8::/9223372036854775807", "2001:db8::/4294967424", "10.0.0.0/-1", "10.0.0.0/0x20",
            "10.0.0.0/ 24", "10.0.0.0/+24", "10.0.0.0/24/24", "10.0.0.0/", "10.0.0.0/\u0662\u0664",
            "10.0.0.0/\uff12\uff14", "\uff11\uff10.0.0.0/8", "2001:db8::/\u0663\u0662", "2001:db8::/1e2"})
        void refusesAbsurdPrefixLengthsAsAnInvalidZoneNeverACrashOrAWiderRange(String range) {
            assertThatThrownBy(() -> office(range))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office'")
                    .hasMessageContaining("is not an IP address or CIDR range");
        }

        @Test
        void explainsWhichPrefixLengthsAreAllowed() {
            assertThatThrownBy(() -> office("10.0.0.0/2147483648"))
                    .hasMessageContaining("prefix length")
                    .hasMessageContaining("0 to 32 for IPv4, 0 to 128 for IPv6");
        }

        @Test
        void refusesAHugeEntryWithoutEchoingAllOfIt() {
            String huge = "10.0.0.0/" + "9".repeat(100_000);

            assertThatThrownBy(() -> office(huge))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("100009 characters")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }

        @Test
        void refusesBlankEntry() {
            assertThatThrownBy(() -> office("192.0.2.0/24", " "))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("empty range entry");
        }

        @Test
        void refusesZoneWithoutRanges() {
            assertThatThrownBy(() -> NetworkZone.of("Office", List.of(), true))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office' has no ranges");
        }

        @Test
        void accepts2000Ranges() {
            assertThat(NetworkZone.of("Office", ipv4Ranges(NetworkZone.MAX_RANGES), true).ranges())
                    .hasSize(2000);
        }

        @Test
        void refusesZoneWithMoreThan2000Ranges() {
            assertThatThrownBy(() -> NetworkZone.of("Office", ipv4Ranges(2001), true))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office' has 2001 ranges; at most 2000");
        }

        @Test
        void keepsRangesImmutable() {
            List<String> input = new ArrayList<>(List.of("192.0.2.0/24"));
            NetworkZone zone = NetworkZone.of("Office", input, true);
            input.add("198.51.100.0/24");

            assertThat(zone.ranges()).containsExactly("192.0.2.0/24");
            assertThatThrownBy(() -> zone.ranges().add("10.0.0.0/8"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Names {

        @ParameterizedTest
        @ValueSource(strings = {"Office", "Head office", "vpn_egress-2.eu", "a"})
        void acceptsLettersDigitsSpacesAndPunctuation(String name) {
            assertThat(NetworkZone.of(name, List.of("192.0.2.0/24"), false).name()).isEqualTo(name);
        }

        @Test
        void accepts64Characters() {
            String name = "n".repeat(64);

            assertThat(NetworkZone.of(name, List.of("192.0.2.0/24"), false).name()).isEqualTo(name);
        }

        @ParameterizedTest
        @ValueSource(strings = {"Office/HQ", "Büro", "<script>", "a;b", " Office", "Office "})
        void refusesOtherCharactersAndSurroundingSpaces(String name) {
            assertThatThrownBy(() -> NetworkZone.of(name, List.of("192.0.2.0/24"), false))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining(name);
        }

        @Test
        void refuses65Characters() {
            assertThatThrownBy(() -> NetworkZone.of("n".repeat(65), List.of("192.0.2.0/24"), false))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("1 to 64");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   "})
        void refusesBlankName(String name) {
            assertThatThrownBy(() -> NetworkZone.of(name, List.of("192.0.2.0/24"), false))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("needs a name");
        }
    }

    static List<String> ipv4Ranges(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24")
                .toList();
    }
}
