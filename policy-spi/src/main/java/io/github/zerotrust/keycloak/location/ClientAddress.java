package io.github.zerotrust.keycloak.location;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The IP address a sign-in came from, parsed strictly. IPv4-mapped IPv6 addresses are stored as
 * IPv4 so that one client never looks like two addresses to zone and country rules.
 */
public final class ClientAddress {

    static final int MAX_TEXT_LENGTH = 100;

    private final boolean ipv4;
    private final long high;
    private final long low;
    private final String canonical;

    private ClientAddress(boolean ipv4, long high, long low, String canonical) {
        this.ipv4 = ipv4;
        this.high = high;
        this.low = low;
        this.canonical = canonical;
    }

    /**
     * Parses an IPv4 or IPv6 literal (IPv6 optionally in brackets). Anything else, including
     * host names, ports, prefixes and zone ids, gives an empty result rather than a guess.
     */
    public static Optional<ClientAddress> parse(String raw) {
        if (raw == null || raw.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        String text = raw.strip();
        // Quarkus hands IPv6 peers over in URI form; the brackets carry no meaning of their own.
        if (text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
            text = text.substring(1, text.length() - 1);
            if (text.indexOf(':') < 0) {
                return Optional.empty();
            }
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        IPAddress address = AddressSyntax.address(text);
        return address == null ? Optional.empty() : Optional.of(of(address));
    }

    static ClientAddress of(IPAddress address) {
        if (address.isIPv6()) {
            IPv6Address ipv6 = address.toIPv6();
            if (ipv6.isIPv4Mapped()) {
                return of(ipv6.getEmbeddedIPv4Address());
            }
            byte[] bytes = ipv6.getBytes();
            return new ClientAddress(false, longAt(bytes, 0), longAt(bytes, 8), ipv6.toCanonicalString());
        }
        return new ClientAddress(true, 0, address.toIPv4().longValue(), address.toCanonicalString());
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    public boolean isIpv4() {
        return ipv4;
    }

    /** The canonical text, e.g. {@code 192.0.2.1} or {@code 2001:db8::1}. */
    public String canonical() {
        return canonical;
    }

    /**
     * The network one client controls as a whole, for counting what comes from it: an IPv4 address itself,
     * an IPv6 address's /64 ({@code 2001:db8:1:2::/64}). An ISP hands a home, and a host a server, at
     * least a /64, so every address in it is one client's to pick: counted apart, a sprayer would simply
     * take a fresh address for each attempt. IPv4-mapped addresses are IPv4 already.
     */
    public String subscriberNetwork() {
        if (ipv4) {
            return canonical;
        }
        StringBuilder text = new StringBuilder(24);
        for (int shift = 48; shift >= 0; shift -= 16) {
            text.append(Long.toHexString((high >>> shift) & 0xFFFF)).append(':');
        }
        return text.append(":/64").toString();
    }

    /** Built from the raw bytes, so it never triggers a DNS lookup. */
    public InetAddress toInetAddress() {
        byte[] bytes = new byte[ipv4 ? 4 : 16];
        if (ipv4) {
            putLong(bytes, 0, low, 4);
        } else {
            putLong(bytes, 0, high, 8);
            putLong(bytes, 8, low, 8);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", impossible);
        }
    }

    private static void putLong(byte[] bytes, int offset, long value, int length) {
        for (int i = length - 1; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    /** The IPv4 address as an unsigned 32-bit value; only meaningful when {@link #isIpv4()}. */
    long ipv4Bits() {
        return low;
    }

    /** The upper 64 bits of an IPv6 address; only meaningful when not {@link #isIpv4()}. */
    long ipv6High() {
        return high;
    }

    /** The lower 64 bits of an IPv6 address; only meaningful when not {@link #isIpv4()}. */
    long ipv6Low() {
        return low;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientAddress that
                && ipv4 == that.ipv4 && high == that.high && low == that.low;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(ipv4) * 31 * 31 + Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    @Override
    public String toString() {
        return canonical;
    }
}
