package io.github.zerotrust.keycloak.location;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random ranges and addresses for property tests; callers pass a seeded {@link Random}. */
final class RandomRanges {

    private RandomRanges() {
    }

    static String ipv4(Random random) {
        int bits = random.nextInt();
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }

    static String ipv6(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            text.append(i == 0 ? "" : ":").append(Integer.toHexString(random.nextInt(0x10000)));
        }
        return text.toString();
    }

    /** A /8../30 IPv4 range inside 10.0.0.0/8, so ranges of different zones collide a lot. */
    static String clusteredIpv4Range(Random random) {
        int prefix = 8 + random.nextInt(23);
        return block("10." + random.nextInt(4) + "." + random.nextInt(256) + "." + random.nextInt(256), prefix);
    }

    /** A /16../124 IPv6 range inside 2001:db8::/32 (mostly), so ranges collide a lot. */
    static String clusteredIpv6Range(Random random) {
        int prefix = 16 + random.nextInt(109);
        String address = "2001:db8:" + Integer.toHexString(random.nextInt(4)) + ":"
                + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(random.nextInt(0x10000));
        return block(address, prefix);
    }

    /** Random /16../30 IPv4 ranges for the benchmark-sized index. */
    static String spreadIpv4Range(Random random) {
        return block(ipv4(random), 16 + random.nextInt(15));
    }

    /** Random /32../64 IPv6 ranges under 2000::/3 for the benchmark-sized index. */
    static String spreadIpv6Range(Random random) {
        return block("2" + ipv6(random).substring(1), 32 + random.nextInt(33));
    }

    static List<NetworkZone> zones(Random random, int zoneCount, int rangesPerZone) {
        List<NetworkZone> zones = new ArrayList<>(zoneCount);
        for (int z = 0; z < zoneCount; z++) {
            List<String> ranges = new ArrayList<>(rangesPerZone);
            for (int r = 0; r < rangesPerZone; r++) {
                ranges.add(r % 4 == 3 ? spreadIpv6Range(random) : spreadIpv4Range(random));
            }
            zones.add(NetworkZone.of("Zone " + z, ranges, z % 10 == 0));
        }
        return zones;
    }

    /** An address at, just before or just after a boundary of one of the ranges: where bugs live. */
    static ClientAddress near(Random random, List<NetworkZone> zones) {
        NetworkZone zone = zones.get(random.nextInt(zones.size()));
        IPAddress block = NetworkZone.block(zone.ranges().get(random.nextInt(zone.ranges().size())));
        IPAddress edge = random.nextBoolean() ? block.getLower() : block.getUpper();
        IPAddress probe = switch (random.nextInt(3)) {
            case 0 -> edge.withoutPrefixLength();
            case 1 -> edge.withoutPrefixLength().increment(1);
            default -> edge.withoutPrefixLength().increment(-1);
        };
        return probe == null ? ClientAddress.of(edge.withoutPrefixLength()) : ClientAddress.of(probe);
    }

    private static String block(String address, int prefix) {
        return new IPAddressString(address + "/" + prefix).getAddress().toPrefixBlock().toCanonicalString();
    }
}
