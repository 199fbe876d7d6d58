package io.github.zerotrust.keycloak.location.testing;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes MaxMind DB files (https://maxmind.github.io/MaxMind-DB/) for tests and benchmarks:
 * an IPv6 search tree with 24-bit records, IPv4 networks under {@code ::/96}, a data section
 * and the metadata; or, with {@link #ipv4Only}, an IPv4 tree ({@code ip_version} 4) as in
 * ip-location-db's {@code -ipv4.mmdb} files. Output is deterministic: networks are written in address order, map keys
 * sorted and the build epoch fixed, so the same input always gives the same bytes.
 *
 * <p>Values map to MaxMind types by Java type: {@code Map} (string keys), {@code String} (utf8),
 * {@code Double}, {@code Integer} (uint16), {@code Long} (uint32), {@code BigInteger} (uint64),
 * {@code List} (array) and {@code Boolean}.
 */
public final class MmdbWriter {

    /** 2023-11-14T22:13:20Z; fixed so that regenerating a file does not change it. */
    public static final long DEFAULT_BUILD_EPOCH = 1_700_000_000L;

    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    private static final int RECORD_SIZE = 24;
    private static final int DATA_SECTION_SEPARATOR = 16;

    private final String databaseType;
    private final String description;
    private final int ipVersion;
    private long buildEpoch = DEFAULT_BUILD_EPOCH;
    private final TreeMap<Network, Map<String, ?>> networks = new TreeMap<>();

    public MmdbWriter(String databaseType, String description) {
        this(databaseType, description, 6);
    }

    private MmdbWriter(String databaseType, String description, int ipVersion) {
        this.databaseType = databaseType;
        this.description = description;
        this.ipVersion = ipVersion;
    }

    /** A writer of an IPv4-only database: a 32-bit tree that refuses IPv6 networks. */
    public static MmdbWriter ipv4Only(String databaseType, String description) {
        return new MmdbWriter(databaseType, description, 4);
    }

    public MmdbWriter buildEpoch(long secondsSinceEpoch) {
        this.buildEpoch = secondsSinceEpoch;
        return this;
    }

    /** Adds a network such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}. */
    public MmdbWriter insert(String cidr, Map<String, ?> record) {
        Network network = Network.parse(cidr, ipVersion);
        if (networks.putIfAbsent(network, record) != null) {
            throw new IllegalArgumentException(cidr + " was inserted twice");
        }
        return this;
    }

    public void write(Path path) throws IOException {
        Files.write(path, toBytes());
    }

    public byte[] toBytes() {
        SearchTree tree = new SearchTree();
        Map<String, Integer> offsetsByEncoding = new LinkedHashMap<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int[] offsetOfRecord = new int[networks.size()];
        int index = 0;
        for (Map.Entry<Network, Map<String, ?>> entry : networks.entrySet()) {
            byte[] encoded = encode(entry.getValue());
            // Identical records are stored once, as real databases do.
            String key = new String(encoded, StandardCharsets.ISO_8859_1);
            Integer offset = offsetsByEncoding.get(key);
            if (offset == null) {
                offset = data.size();
                offsetsByEncoding.put(key, offset);
                data.writeBytes(encoded);
            }
            offsetOfRecord[index] = offset;
            tree.insert(entry.getKey(), index++);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tree.writeTo(out, offsetOfRecord);
        out.writeBytes(new byte[DATA_SECTION_SEPARATOR]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        out.writeBytes(encode(metadata(tree.nodeCount())));
        return out.toByteArray();
    }

    private Map<String, Object> metadata(int nodeCount) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("node_count", (long) nodeCount);
        metadata.put("record_size", RECORD_SIZE);
        metadata.put("ip_version", ipVersion);
        metadata.put("database_type", databaseType);
        metadata.put("languages", List.of("en"));
        metadata.put("binary_format_major_version", 2);
        metadata.put("binary_format_minor_version", 0);
        metadata.put("build_epoch", BigInteger.valueOf(buildEpoch));
        metadata.put("description", Map.of("en", description));
        return metadata;
    }

    /**
     * A network as a 128-bit address (IPv4 mapped to ::a.b.c.d) and a prefix length, or in an IPv4
     * tree as a 32-bit address.
     */
    private record Network(byte[] address, int prefix) implements Comparable<Network> {

        static Network parse(String cidr, int ipVersion) {
            IPAddress parsed = new IPAddressString(cidr).getAddress();
            if (parsed == null || !parsed.isPrefixed() || !parsed.isPrefixBlock()) {
                throw new IllegalArgumentException(cidr + " is not a CIDR network without host bits");
            }
            if (ipVersion == 4 && !parsed.isIPv4()) {
                throw new IllegalArgumentException(cidr + " is not an IPv4 network; this database is IPv4-only");
            }
            int width = ipVersion == 4 ? 4 : 16;
            byte[] address = new byte[width];
            byte[] bytes = parsed.getLower().getBytes();
            System.arraycopy(bytes, 0, address, width - bytes.length, bytes.length);
            int prefix = parsed.getNetworkPrefixLength() + (parsed.isIPv4() ? 8 * (width - 4) : 0);
            if (prefix == 0) {
                throw new IllegalArgumentException(cidr + ": a /0 network is not supported");
            }
            return new Network(address, prefix);
        }

        boolean bit(int depth) {
            return (address[depth / 8] & (0x80 >>> (depth % 8))) != 0;
        }

        @Override
        public int compareTo(Network other) {
            int byAddress = Arrays.compareUnsigned(address, other.address);
            return byAddress != 0 ? byAddress : Integer.compare(prefix, other.prefix);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Network that && compareTo(that) == 0;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(address) * 31 + prefix;
        }

        @Override
        public String toString() {
            return Arrays.toString(address) + "/" + prefix;
        }
    }

    /**
     * The binary trie, in two int arrays: 0 is "no data", a positive value a child node (the root
     * is never a child) and a negative value {@code -(record + 1)}.
     */
    private static final class SearchTree {
        private int[] left = new int[1024];
        private int[] right = new int[1024];
        private int nodes = 1;

        void insert(Network network, int record) {
            int node = 0;
            for (int depth = 0; depth < network.prefix(); depth++) {
                boolean bit = network.bit(depth);
                int child = bit ? right[node] : left[node];
                boolean last = depth == network.prefix() - 1;
                if (child < 0 || (last && child != 0)) {
                    throw new IllegalArgumentException("network " + network + " overlaps another network");
                }
                if (last) {
                    set(node, bit, -(record + 1));
                } else {
                    if (child == 0) {
                        child = newNode();
                        set(node, bit, child);
                    }
                    node = child;
                }
            }
        }

        private int newNode() {
            if (nodes == left.length) {
                left = Arrays.copyOf(left, nodes * 2);
                right = Arrays.copyOf(right, nodes * 2);
            }
            return nodes++;
        }

        private void set(int node, boolean bit, int value) {
            if (bit) {
                right[node] = value;
            } else {
                left[node] = value;
            }
        }

        int nodeCount() {
            return nodes;
        }

        void writeTo(ByteArrayOutputStream out, int[] offsetOfRecord) {
            for (int node = 0; node < nodes; node++) {
                writeRecord(out, recordValue(left[node], offsetOfRecord));
                writeRecord(out, recordValue(right[node], offsetOfRecord));
            }
        }

        // Data pointers count from the start of the 16-byte separator that follows the tree.
        private long recordValue(int value, int[] offsetOfRecord) {
            long resolved = value == 0 ? nodes
                    : value > 0 ? value
                    : (long) nodes + DATA_SECTION_SEPARATOR + offsetOfRecord[-value - 1];
            if (resolved >= 1L << RECORD_SIZE) {
                throw new IllegalStateException("database too large for " + RECORD_SIZE + "-bit records");
            }
            return resolved;
        }

        private static void writeRecord(ByteArrayOutputStream out, long value) {
            out.write((int) (value >>> 16));
            out.write((int) (value >>> 8));
            out.write((int) value);
        }
    }

    // ---- data section encoding ----

    private static final int POINTER_FREE_UTF8 = 2;
    private static final int DOUBLE = 3;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, out);
        return out.toByteArray();
    }

    private static void encode(Object value, ByteArrayOutputStream out) {
        if (value instanceof Map<?, ?> map) {
            controlByte(out, MAP, map.size());
            for (Map.Entry<?, ?> entry : new TreeMap<>(map).entrySet()) {
                encode((String) entry.getKey(), out);
                encode(entry.getValue(), out);
            }
        } else if (value instanceof String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            controlByte(out, POINTER_FREE_UTF8, utf8.length);
            out.writeBytes(utf8);
        } else if (value instanceof Double number) {
            controlByte(out, DOUBLE, 8);
            unsigned(out, Double.doubleToLongBits(number), 8);
        } else if (value instanceof Integer number) {
            unsignedField(out, UINT16, number, 2);
        } else if (value instanceof Long number) {
            unsignedField(out, UINT32, number, 4);
        } else if (value instanceof BigInteger number) {
            if (number.signum() < 0 || number.bitLength() > 64) {
                throw new IllegalArgumentException(number + " does not fit uint64");
            }
            unsignedField(out, UINT64, number.longValue(), 8);
        } else if (value instanceof List<?> list) {
            controlByte(out, ARRAY, list.size());
            list.forEach(element -> encode(element, out));
        } else if (value instanceof Boolean flag) {
            controlByte(out, BOOLEAN, flag ? 1 : 0);
        } else {
            throw new IllegalArgumentException("no MaxMind DB type for " + value);
        }
    }

    private static void unsignedField(ByteArrayOutputStream out, int type, long value, int maxBytes) {
        if (maxBytes < 8 && (value < 0 || value >= 1L << (8 * maxBytes))) {
            throw new IllegalArgumentException(value + " does not fit " + maxBytes + " unsigned bytes");
        }
        int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        controlByte(out, type, length);
        unsigned(out, value, length);
    }

    private static void unsigned(ByteArrayOutputStream out, long value, int length) {
        for (int i = length - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    /** Type in the top three bits (0 plus a type byte for extended types), then the size. */
    private static void controlByte(ByteArrayOutputStream out, int type, int size) {
        int sizeBits;
        byte[] sizeBytes;
        if (size < 29) {
            sizeBits = size;
            sizeBytes = new byte[0];
        } else if (size < 29 + 256) {
            sizeBits = 29;
            sizeBytes = new byte[] {(byte) (size - 29)};
        } else if (size < 285 + 65_536) {
            sizeBits = 30;
            sizeBytes = new byte[] {(byte) ((size - 285) >>> 8), (byte) (size - 285)};
        } else {
            int rest = size - 65_821;
            sizeBits = 31;
            sizeBytes = new byte[] {(byte) (rest >>> 16), (byte) (rest >>> 8), (byte) rest};
        }
        if (type <= 7) {
            out.write((type << 5) | sizeBits);
        } else {
            out.write(sizeBits);
            out.write(type - 7);
        }
        out.writeBytes(sizeBytes);
    }
}
