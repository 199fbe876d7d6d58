package io.github.zerotrust.keycloak.bench;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.GeoLocation;
import io.github.zerotrust.keycloak.location.MmdbGeoLocator;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.location.NetworkZones;
import io.github.zerotrust.keycloak.location.testing.MmdbWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What locating one sign-in costs: a zone match against the largest configuration we allow
 * (200 zones of 2,000 ranges) and a country lookup in a MaxMind DB of about 100,000 networks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocationBenchmark {

    private static final int ZONES = NetworkZones.MAX_ZONES;
    private static final int RANGES_PER_ZONE = NetworkZone.MAX_RANGES;
    private static final int IPV4_NETWORKS = 80_000;
    private static final int IPV6_NETWORKS = 20_000;
    private static final int DISTINCT_RECORDS = 2_000;
    // A power of two, so cycling is a mask; large enough to defeat branch prediction.
    private static final int ADDRESSES = 1_024;

    private NetworkZones zones;
    private MmdbGeoLocator locator;
    private Path database;
    private ClientAddress[] addresses;
    private String[] addressTexts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random random = new Random(20_260_101);
        zones = NetworkZones.compile(zones(random));
        database = Files.createTempFile("zero-trust-bench-", ".mmdb");
        List<String> ipv6Networks = writeDatabase(random, database);
        locator = MmdbGeoLocator.open(database);

        addresses = new ClientAddress[ADDRESSES];
        addressTexts = new String[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            // Three in four sign-ins over IPv4, as on most networks today.
            String text = i % 4 == 3
                    ? ipv6Networks.get(random.nextInt(ipv6Networks.size())).replace("::/48", ":" + hex(random) + "::" + hex(random))
                    : ipv4(random.nextInt());
            addressTexts[i] = text;
            addresses[i] = ClientAddress.parse(text).orElseThrow(() -> new IllegalStateException(text));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        locator.close();
        Files.deleteIfExists(database);
    }

    @Benchmark
    public Set<String> zoneMatch() {
        return zones.zonesContaining(addresses[next++ & (ADDRESSES - 1)]);
    }

    @Benchmark
    public GeoLocation countryLookup() {
        return locator.locate(addresses[next++ & (ADDRESSES - 1)]);
    }

    /** Everything one sign-in needs: parse the peer address, match zones, look up the country. */
    @Benchmark
    public GeoLocation signInLocation(Blackhole blackhole) {
        ClientAddress address = ClientAddress.parse(addressTexts[next++ & (ADDRESSES - 1)]).orElseThrow();
        blackhole.consume(zones.zonesContaining(address));
        return locator.locate(address);
    }

    private static List<NetworkZone> zones(Random random) {
        List<NetworkZone> zones = new ArrayList<>(ZONES);
        for (int z = 0; z < ZONES; z++) {
            List<String> ranges = new ArrayList<>(RANGES_PER_ZONE);
            for (int r = 0; r < RANGES_PER_ZONE; r++) {
                ranges.add(r % 4 == 3 ? ipv6Range(random) : ipv4Range(random));
            }
            zones.add(NetworkZone.of("Zone " + z, ranges, z % 10 == 0));
        }
        return zones;
    }

    // /16../30, host bits cleared.
    private static String ipv4Range(Random random) {
        int prefix = 16 + random.nextInt(15);
        int network = random.nextInt() & (-1 << (32 - prefix));
        return ipv4(network) + "/" + prefix;
    }

    // /32../64 under 2000::/3, host bits cleared.
    private static String ipv6Range(Random random) {
        int prefix = 32 + random.nextInt(33);
        long high = (random.nextLong() & 0x1FFF_FFFF_FFFF_FFFFL | 0x2000_0000_0000_0000L) & (-1L << (64 - prefix));
        StringBuilder text = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            text.append(Long.toHexString((high >>> (48 - 16 * group)) & 0xFFFF)).append(':');
        }
        return text.append(":/").append(prefix).toString();
    }

    /** About 100,000 non-overlapping networks sharing 2,000 distinct GeoIP2-City-like records. */
    private static List<String> writeDatabase(Random random, Path path) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>(DISTINCT_RECORDS);
        for (int i = 0; i < DISTINCT_RECORDS; i++) {
            String country = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26));
            records.add(Map.of(
                    "country", Map.of("iso_code", country, "names", Map.of("en", "Country " + country)),
                    "location", Map.of("latitude", random.nextDouble() * 180 - 90,
                            "longitude", random.nextDouble() * 360 - 180,
                            "accuracy_radius", 1 + random.nextInt(500),
                            "time_zone", "Etc/UTC"),
                    "autonomous_system_number", 64_512L + i,
                    "autonomous_system_organization", "Example network " + i));
        }
        MmdbWriter writer = new MmdbWriter("ZeroTrust-Bench-City", "Synthetic benchmark data");
        Set<Integer> ipv4Seen = new HashSet<>();
        while (ipv4Seen.size() < IPV4_NETWORKS) {
            int network = random.nextInt() & 0xFFFF_FF00;
            if (ipv4Seen.add(network)) {
                writer.insert(ipv4(network) + "/24", records.get(random.nextInt(DISTINCT_RECORDS)));
            }
        }
        Set<String> ipv6Seen = new HashSet<>();
        List<String> ipv6Networks = new ArrayList<>(IPV6_NETWORKS);
        while (ipv6Networks.size() < IPV6_NETWORKS) {
            String network = "2" + Integer.toHexString(0x100 + random.nextInt(0xF00)) + ":"
                    + hex(random) + ":" + hex(random) + "::/48";
            if (ipv6Seen.add(network)) {
                ipv6Networks.add(network);
                writer.insert(network, records.get(random.nextInt(DISTINCT_RECORDS)));
            }
        }
        writer.write(path);
        return ipv6Networks;
    }

    private static String hex(Random random) {
        return Integer.toHexString(random.nextInt(0x10000));
    }

    private static String ipv4(int bits) {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
