package io.github.zerotrust.keycloak.location;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Metadata;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Locates addresses with a MaxMind DB file (GeoIP2/GeoLite2, DB-IP Lite, ip-location-db), memory
 * mapped and with decoded records cached. Thread-safe; {@link #locate} never throws, so a damaged
 * or closed database degrades to "unknown" instead of failing sign-ins.
 *
 * <p>An address of a family the file does not hold is unknown. MaxMind's reader would walk an
 * IPv6 address down an IPv4 tree by its first 32 bits and answer with an unrelated IPv4 network's
 * country; MaxMind's own C and Go readers refuse such a lookup, and so do we. In an IPv6 tree,
 * IPv4 networks live under {@code ::/96} (MaxMind, DB-IP) or {@code ::ffff:0:0/96}; both are read.
 */
public final class MmdbGeoLocator implements GeoLocator, Closeable {

    // Probing a few addresses at open time surfaces a corrupt search tree or data section early.
    private static final String[] PROBES = {"8.8.8.8", "192.0.2.1", "2001:db8::1", "2606:4700::1"};

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};
    // Every routed IPv6 address is global unicast (2000::/3); a tree with nothing there holds no IPv6 data.
    private static final byte[] GLOBAL_UNICAST = {0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] IPV4_COMPATIBLE = new byte[16];
    private static final byte[] IPV4_MAPPED = mapped(new byte[4]);

    /** Where an IPv6 tree keeps IPv4 networks, if anywhere. */
    private enum Ipv4Subtree { COMPATIBLE, MAPPED, NONE }

    private final Reader reader;
    private final Path path;
    private final boolean ipv4Tree;
    private final Ipv4Subtree ipv4Subtree;
    private final boolean holdsIpv6;

    private MmdbGeoLocator(Reader reader, Path path) throws IOException {
        this.reader = reader;
        this.path = path;
        this.ipv4Tree = reader.getMetadata().getIpVersion() == 4;
        this.holdsIpv6 = !ipv4Tree && holdsAny(reader, GLOBAL_UNICAST, 3);
        this.ipv4Subtree = ipv4Tree || holdsAny(reader, IPV4_COMPATIBLE, 96) ? Ipv4Subtree.COMPATIBLE
                : holdsAny(reader, IPV4_MAPPED, 96) ? Ipv4Subtree.MAPPED : Ipv4Subtree.NONE;
    }

    /**
     * Whether the tree holds any network under {@code prefix/length}: one lookup of the prefix's
     * first address either finds data or ends deeper than the prefix (the tree branches below it);
     * an empty subtree ends the search at the prefix or above. Reader.networksWithin cannot ask
     * this for ::ffff:0:0/96, because its Network turns that address into 0.0.0.0.
     */
    private static boolean holdsAny(Reader reader, byte[] prefix, int length) throws IOException {
        DatabaseRecord<?> first = reader.getRecord(Inet6Address.getByAddress(null, prefix, -1), Map.class);
        return first.getData() != null || first.getNetwork().getPrefixLength() > length;
    }

    public static MmdbGeoLocator open(Path path) throws GeoDatabaseException {
        Objects.requireNonNull(path, "path");
        if (!Files.exists(path)) {
            throw new GeoDatabaseException("Geolocation database " + path + " does not exist.");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new GeoDatabaseException("Geolocation database " + path + " is not a readable file.");
        }
        Reader reader;
        try {
            reader = new Reader(path.toFile(), Reader.FileMode.MEMORY_MAPPED, new CHMCache());
        } catch (IOException | RuntimeException notMmdb) {
            throw new GeoDatabaseException("Geolocation database " + path
                    + " is not a valid MaxMind DB (.mmdb) file: " + notMmdb.getMessage(), notMmdb);
        }
        MmdbGeoLocator locator;
        try {
            locator = new MmdbGeoLocator(reader, path);
            for (String probe : PROBES) {
                locator.lookUp(ClientAddress.parse(probe).orElseThrow());
            }
            Objects.requireNonNull(reader.getMetadata().getBuildDate(), "build date");
        } catch (IOException | RuntimeException corrupt) {
            closeQuietly(reader);
            throw new GeoDatabaseException("Geolocation database " + path
                    + " is damaged and cannot be read: " + corrupt.getMessage(), corrupt);
        }
        return locator;
    }

    @Override
    public GeoLocation locate(ClientAddress address) {
        try {
            return GeoRecord.toLocation(lookUp(address));
        } catch (IOException | RuntimeException unreadable) {
            return GeoLocation.unknown();
        }
    }

    private Object lookUp(ClientAddress address) throws IOException {
        if (address.isIpv4()) {
            return switch (ipv4Subtree) {
                case COMPATIBLE -> reader.get(address.toInetAddress(), Map.class);
                case MAPPED -> reader.get(mappedInet6(address), Map.class);
                case NONE -> null;
            };
        }
        return ipv4Tree ? null : reader.get(address.toInetAddress(), Map.class);
    }

    /** Whether IPv4 addresses can be located with this file. */
    public boolean holdsIpv4() {
        return ipv4Tree || ipv4Subtree != Ipv4Subtree.NONE;
    }

    /** Whether IPv6 addresses can be located with this file: an IPv6 tree with global unicast networks. */
    public boolean holdsIpv6() {
        return holdsIpv6;
    }

    /** The {@code ip_version} of the file's search tree: 4 or 6. */
    public int ipVersion() {
        return ipv4Tree ? 4 : 6;
    }

    // InetAddress.getByAddress would turn ::ffff:a.b.c.d back into an IPv4 address.
    private static InetAddress mappedInet6(ClientAddress address) throws UnknownHostException {
        return Inet6Address.getByAddress(null, mapped(address.toInetAddress().getAddress()), -1);
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] bytes = new byte[16];
        System.arraycopy(IPV4_MAPPED_PREFIX, 0, bytes, 0, IPV4_MAPPED_PREFIX.length);
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }


    /** The {@code database_type} from the metadata, e.g. {@code GeoLite2-City}. */
    public String databaseType() {
        return metadata().getDatabaseType();
    }

    public Instant buildDate() {
        return metadata().getBuildDate().toInstant();
    }

    public Path path() {
        return path;
    }

    private Metadata metadata() {
        return reader.getMetadata();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static void closeQuietly(Reader reader) {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Already failing with a clearer message.
        }
    }
}
