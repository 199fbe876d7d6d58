package io.github.zerotrust.keycloak.location;

import inet.ipaddr.IPAddress;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The validated ranges of one zone: an immutable list of canonical CIDR strings that also keeps
 * each range's numeric bounds, so compiling 400,000 ranges never parses text a second time.
 */
final class ZoneRanges extends AbstractList<String> implements RandomAccess {

    private final String[] texts;
    private final boolean[] ipv4;
    // For IPv4 only the low words are used, holding the unsigned 32-bit value.
    private final long[] firstHigh;
    private final long[] firstLow;
    private final long[] lastHigh;
    private final long[] lastLow;

    private ZoneRanges(int size) {
        texts = new String[size];
        ipv4 = new boolean[size];
        firstHigh = new long[size];
        firstLow = new long[size];
        lastHigh = new long[size];
        lastLow = new long[size];
    }

    /** Blocks must be prefix blocks (a single address being a /32 or /128). */
    static ZoneRanges of(IPAddress[] blocks) {
        ZoneRanges ranges = new ZoneRanges(blocks.length);
        for (int i = 0; i < blocks.length; i++) {
            ranges.set(i, blocks[i]);
        }
        return ranges;
    }

    private void set(int i, IPAddress block) {
        int prefix = block.getNetworkPrefixLength();
        texts[i] = block.getLower().withoutPrefixLength().toCanonicalString() + "/" + prefix;
        ipv4[i] = block.isIPv4();
        byte[] lowest = block.getBytes();
        int hostBits = block.getBitCount() - prefix;
        if (ipv4[i]) {
            firstLow[i] = bits(lowest, 0, 4);
            lastLow[i] = firstLow[i] | ((1L << hostBits) - 1);
        } else {
            firstHigh[i] = bits(lowest, 0, 8);
            firstLow[i] = bits(lowest, 8, 8);
            lastHigh[i] = hostBits > 64 ? firstHigh[i] | ((1L << (hostBits - 64)) - 1) : firstHigh[i];
            lastLow[i] = hostBits >= 64 ? -1L : firstLow[i] | ((1L << hostBits) - 1);
        }
    }

    private static long bits(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }

    void addTo(Ipv4Segments.Builder ipv4Index, Ipv6Segments.Builder ipv6Index, int zone) {
        for (int i = 0; i < texts.length; i++) {
            if (ipv4[i]) {
                ipv4Index.add(firstLow[i], lastLow[i], zone);
            } else {
                ipv6Index.add(firstHigh[i], firstLow[i], lastHigh[i], lastLow[i], zone);
            }
        }
    }

    @Override
    public String get(int index) {
        return texts[index];
    }

    @Override
    public int size() {
        return texts.length;
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(texts, texts.length, Object[].class);
    }
}
