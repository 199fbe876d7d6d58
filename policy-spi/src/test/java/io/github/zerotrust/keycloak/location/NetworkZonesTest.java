package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkZonesTest {

    private static ClientAddress address(String text) {
        return ClientAddress.parse(text).orElseThrow();
    }

    private static NetworkZone zone(String name, String... ranges) {
        return NetworkZone.of(name, List.of(ranges), false);
    }

    @Nested
    class Matching {

        private final NetworkZones zones = NetworkZones.compile(List.of(
                NetworkZone.of("Office", List.of("192.0.2.0/24", "2001:db8:1::/48"), true),
                zone("Branch", "198.51.100.0/25"),
                zone("Corporate", "198.51.100.0/24", "203.0.113.0/24"),
                zone("Lab", "203.0.113.64/26"),
                zone("Top", "255.255.255.0/24", "ffff:ffff::/32")));

        @ParameterizedTest(name = "{0} is in [{1}]")
        @CsvSource(delimiter = '|', value = {
            "192.0.2.0|Office",
            "192.0.2.255|Office",
            "192.0.1.255|''",
            "192.0.3.0|''",
            "2001:db8:1::|Office",
            "2001:db8:1:ffff:ffff:ffff:ffff:ffff|Office",
            "2001:db8:0:ffff:ffff:ffff:ffff:ffff|''",
            "2001:db8:2::|''",
            "198.51.100.127|Branch,Corporate",
            "198.51.100.128|Corporate",
            "203.0.113.63|Corporate",
            "203.0.113.64|Corporate,Lab",
            "203.0.113.127|Corporate,Lab",
            "203.0.113.128|Corporate",
            "255.255.255.255|Top",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|Top",
            "0.0.0.0|''",
            "::|''",
        })
        void findsEveryZoneContainingTheAddress(String text, String expected) {
            Set<String> names = expected.isEmpty() ? Set.of() : Set.of(expected.split(","));

            assertThat(zones.zonesContaining(address(text))).containsExactlyInAnyOrderElementsOf(names);
        }

        @Test
        void matchesIpv4MappedIpv6AgainstIpv4Zone() {
            assertThat(zones.zonesContaining(address("::ffff:192.0.2.10"))).containsExactly("Office");
        }

        @Test
        void matchesIpv4AddressAgainstIpv4MappedZoneRange() {
            NetworkZones mapped = NetworkZones.compile(List.of(zone("Mapped", "::ffff:192.0.2.0/120")));

            assertThat(mapped.zonesContaining(address("192.0.2.10"))).containsExactly("Mapped");
        }

        @Test
        void neverMatchesIpv4AgainstTheSameBitsInIpv6() {
            NetworkZones ipv6 = NetworkZones.compile(List.of(zone("Low", "::/16")));

            assertThat(ipv6.zonesContaining(address("::c000:20a"))).containsExactly("Low");
            assertThat(ipv6.zonesContaining(address("192.0.2.10"))).isEmpty();
        }

        @Test
        void returnsUnmodifiableSets() {
            Set<String> found = zones.zonesContaining(address("192.0.2.1"));

            assertThatThrownBy(() -> found.add("Other")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void anyContainsIsTrueWhenOneNamedZoneContainsTheAddress() {
            assertThat(zones.anyContains(Set.of("Lab", "Office"), address("192.0.2.1"))).isTrue();
            assertThat(zones.anyContains(Set.of("office"), address("192.0.2.1"))).isTrue();
            assertThat(zones.anyContains(Set.of("Lab", "Branch"), address("192.0.2.1"))).isFalse();
            assertThat(zones.anyContains(Set.of("No such zone"), address("192.0.2.1"))).isFalse();
            assertThat(zones.anyContains(Set.of(), address("192.0.2.1"))).isFalse();
        }

        @Test
        void knowsZonesByNameIgnoringCase() {
            assertThat(zones.zone("OFFICE")).map(NetworkZone::name).contains("Office");
            assertThat(zones.zone("Nowhere")).isEmpty();
            assertThat(zones.zones()).extracting(NetworkZone::name)
                    .containsExactly("Office", "Branch", "Corporate", "Lab", "Top");
            assertThat(zones.trustedZoneNames()).containsExactly("Office");
        }

        @Test
        void collapsesOverlappingRangesOfOneZone() {
            NetworkZones nested = NetworkZones.compile(List.of(
                    zone("Nested", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.0/24")));

            assertThat(nested.zonesContaining(address("10.1.2.3"))).containsExactly("Nested");
            assertThat(nested.zonesContaining(address("10.255.255.255"))).containsExactly("Nested");
            assertThat(nested.zonesContaining(address("11.0.0.0"))).isEmpty();
            // [0, 10.0.0.0), [10.0.0.0, 11.0.0.0), [11.0.0.0, ...) and one IPv6 segment.
            assertThat(nested.segmentCount()).isEqualTo(4);
        }
    }

    @Nested
    class Limits {

        @Test
        void emptyIndexContainsNothing() {
            assertThat(NetworkZones.empty().zonesContaining(address("192.0.2.1"))).isEmpty();
            assertThat(NetworkZones.compile(List.of()).zonesContaining(address("2001:db8::1"))).isEmpty();
            assertThat(NetworkZones.empty().zones()).isEmpty();
            assertThat(NetworkZones.empty().trustedZoneNames()).isEmpty();
        }

        @Test
        void accepts200Zones() {
            NetworkZones zones = NetworkZones.compile(zones(NetworkZones.MAX_ZONES));

            assertThat(zones.zones()).hasSize(200);
            assertThat(zones.zonesContaining(address("10.0.199.1"))).containsExactly("Zone 199");
        }

        @Test
        void refuses201Zones() {
            assertThatThrownBy(() -> NetworkZones.compile(zones(201)))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("201 network zones; at most 200");
        }

        @Test
        void refusesDuplicateNamesIgnoringCase() {
            assertThatThrownBy(() -> NetworkZones.compile(List.of(
                    zone("Office", "192.0.2.0/24"), zone("OFFICE", "198.51.100.0/24"))))
                    .isInstanceOf(InvalidZoneException.class)
                    .hasMessageContaining("'Office' and 'OFFICE'");
        }

        @Test
        void compilesTheLargestAllowedSetOf200ZonesOf2000Ranges() {
            List<NetworkZone> zones = RandomRanges.zones(new Random(7), 200, 2000);

            NetworkZones compiled = NetworkZones.compile(zones);

            assertThat(compiled.zones()).hasSize(200);
            NetworkZone last = zones.get(199);
            String firstRange = last.ranges().get(0);
            ClientAddress inside = ClientAddress.parse(firstRange.substring(0, firstRange.indexOf('/'))).orElseThrow();
            assertThat(compiled.zonesContaining(inside)).contains(last.name());
        }

        private List<NetworkZone> zones(int count) {
            return IntStream.range(0, count)
                    .mapToObj(i -> zone("Zone " + i, "10.0." + (i % 256) + ".0/24"))
                    .toList();
        }
    }

    /** The index must agree with the obvious definition: a linear scan over every range. */
    @Nested
    class AgreesWithLinearScan {

        @Test
        void forRandomIpv4RangesAndAddresses() {
            Random random = new Random(20_240_601);
            List<NetworkZone> zones = randomZones(random, false);
            NetworkZones index = NetworkZones.compile(zones);
            List<Span> spans = spans(zones);

            for (int i = 0; i < 20_000; i++) {
                ClientAddress probe = i % 2 == 0
                        ? RandomRanges.near(random, zones)
                        : address(RandomRanges.ipv4(random));
                assertThat(index.zonesContaining(probe)).as(probe.canonical())
                        .containsExactlyInAnyOrderElementsOf(linearScan(spans, probe));
            }
        }

        @Test
        void forRandomIpv6RangesAndAddresses() {
            Random random = new Random(20_240_602);
            List<NetworkZone> zones = randomZones(random, true);
            NetworkZones index = NetworkZones.compile(zones);
            List<Span> spans = spans(zones);

            for (int i = 0; i < 20_000; i++) {
                ClientAddress probe = i % 2 == 0
                        ? RandomRanges.near(random, zones)
                        : address(RandomRanges.ipv6(random));
                assertThat(index.zonesContaining(probe)).as(probe.canonical())
                        .containsExactlyInAnyOrderElementsOf(linearScan(spans, probe));
            }
        }

        // ~2,000 ranges in 20 zones, prefixes chosen so that ranges overlap and nest often.
        private List<NetworkZone> randomZones(Random random, boolean ipv6) {
            List<NetworkZone> zones = new ArrayList<>();
            for (int z = 0; z < 20; z++) {
                List<String> ranges = new ArrayList<>();
                for (int r = 0; r < 100; r++) {
                    ranges.add(ipv6 ? RandomRanges.clusteredIpv6Range(random) : RandomRanges.clusteredIpv4Range(random));
                }
                zones.add(NetworkZone.of("Zone " + z, ranges, false));
            }
            return zones;
        }

        private record Span(String zone, boolean ipv4, BigInteger first, BigInteger last) {
        }

        private List<Span> spans(List<NetworkZone> zones) {
            List<Span> spans = new ArrayList<>();
            for (NetworkZone zone : zones) {
                for (String range : zone.ranges()) {
                    IPAddress block = NetworkZone.block(range);
                    spans.add(new Span(zone.name(), block.isIPv4(), block.getLower().getValue(), block.getUpper().getValue()));
                }
            }
            return spans;
        }

        private Set<String> linearScan(List<Span> spans, ClientAddress probe) {
            BigInteger value = new BigInteger(1, probe.toInetAddress().getAddress());
            Set<String> found = new HashSet<>();
            for (Span span : spans) {
                if (span.ipv4() == probe.isIpv4() && span.first().compareTo(value) <= 0 && span.last().compareTo(value) >= 0) {
                    found.add(span.zone());
                }
            }
            return found;
        }
    }
}
