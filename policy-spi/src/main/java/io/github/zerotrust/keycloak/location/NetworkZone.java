package io.github.zerotrust.keycloak.location;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named set of address ranges, e.g. "Head office". Construction validates and normalises, so a
 * zone that exists is always safe to compile: ranges are canonical CIDR strings, IPv4-mapped IPv6
 * ranges are stored as IPv4, and ranges broad enough to be a mistake are refused.
 */
public record NetworkZone(String name, List<String> ranges, boolean trusted) {

    public static final int MAX_RANGES = 2000;
    public static final int MAX_NAME_LENGTH = 64;
    /** Entra refuses /8 and wider; we allow /8 itself but nothing broader. */
    static final int MIN_IPV4_PREFIX = 8;
    static final int MIN_IPV6_PREFIX = 16;
    private static final int MAX_RANGE_TEXT_LENGTH = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.-]{1," + MAX_NAME_LENGTH + "}");

    public NetworkZone {
        name = validName(name);
        ranges = normalisedRanges(name, ranges);
    }

    public static NetworkZone of(String name, List<String> ranges, boolean trusted) {
        return new NetworkZone(name, ranges, trusted);
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidZoneException("A network zone needs a name.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidZoneException("Network zone name '" + name + "' is invalid: use 1 to "
                    + MAX_NAME_LENGTH + " letters, digits, spaces, '_', '.' or '-'.");
        }
        if (!name.equals(name.strip())) {
            throw new InvalidZoneException("Network zone name '" + name
                    + "' starts or ends with a space; remove it.");
        }
        return name;
    }

    private static List<String> normalisedRanges(String zone, List<String> ranges) {
        if (ranges == null || ranges.isEmpty()) {
            throw new InvalidZoneException("Network zone '" + zone + "' has no ranges; add at least one.");
        }
        if (ranges.size() > MAX_RANGES) {
            throw new InvalidZoneException("Network zone '" + zone + "' has " + ranges.size()
                    + " ranges; at most " + MAX_RANGES + " are allowed. Split it into several zones.");
        }
        IPAddress[] blocks = new IPAddress[ranges.size()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = normalisedRange(zone, ranges.get(i));
        }
        return ZoneRanges.of(blocks);
    }

    private static IPAddress normalisedRange(String zone, String range) {
        if (range == null || range.isBlank()) {
            throw new InvalidZoneException("Network zone '" + zone + "' has an empty range entry.");
        }
        String text = range.strip();
        if (text.length() > MAX_RANGE_TEXT_LENGTH) {
            throw new InvalidZoneException("Network zone '" + zone + "': an entry of " + text.length()
                    + " characters ('" + text.substring(0, 24) + "...') is not an IP address or CIDR range; at most "
                    + MAX_RANGE_TEXT_LENGTH + " characters are allowed.");
        }
        IPAddress parsed = AddressSyntax.range(text);
        // The library reads "/0" as "every address" and refuses it outright; explain why instead.
        if (parsed == null && text.endsWith("/0") && AddressSyntax.address(text.substring(0, text.length() - 2)) != null) {
            throw new InvalidZoneException("Network zone '" + zone + "': " + text
                    + " is too broad; it covers every address.");
        }
        int slash = text.indexOf('/');
        if (parsed == null && slash > 0 && AddressSyntax.address(text.substring(0, slash)) != null) {
            throw new InvalidZoneException("Network zone '" + zone + "': '" + text
                    + "' is not an IP address or CIDR range: the prefix length after '/' must be a number from"
                    + " 0 to 32 for IPv4, 0 to 128 for IPv6 (e.g. 192.0.2.0/24 or 2001:db8::/32).");
        }
        if (parsed == null) {
            throw new InvalidZoneException("Network zone '" + zone + "': '" + text
                    + "' is not an IP address or CIDR range (e.g. 192.0.2.0/24 or 2001:db8::/32).");
        }
        if (parsed.isPrefixed() && !parsed.isPrefixBlock()) {
            throw new InvalidZoneException("Network zone '" + zone + "': " + text + " has host bits set; did you mean "
                    + parsed.toPrefixBlock().toCanonicalString() + "?");
        }
        IPAddress block = asIpv4WhenMapped(parsed.isPrefixed() ? parsed : parsed.toPrefixBlock(parsed.getBitCount()));
        int prefix = block.getNetworkPrefixLength();
        int minimum = block.isIPv4() ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
        if (prefix < minimum) {
            throw new InvalidZoneException("Network zone '" + zone + "': " + text + " is too broad; "
                    + (block.isIPv4() ? "IPv4" : "IPv6") + " ranges must be /" + minimum
                    + " or narrower so that a typo cannot trust a large part of the internet.");
        }
        return block;
    }

    private static IPAddress asIpv4WhenMapped(IPAddress block) {
        if (block.isIPv6() && block.getNetworkPrefixLength() >= 96 && block.toIPv6().getLower().isIPv4Mapped()) {
            int ipv4Prefix = block.getNetworkPrefixLength() - 96;
            return block.toIPv6().getLower().getEmbeddedIPv4Address().toPrefixBlock(ipv4Prefix);
        }
        return block;
    }

    /** The parsed form of a stored range; stored ranges are always valid. */
    static IPAddress block(String normalisedRange) {
        return AddressSyntax.range(normalisedRange);
    }
}
