package io.github.zerotrust.keycloak.location;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Locates addresses with a MaxMind DB file (GeoIP2/GeoLite2, DB-IP Lite, ip-location-db), memory
 * mapped and with decoded records cached. Thread-safe; {@link #locate} never throws, so a damaged
 * or closed database degrades to "unknown" instead of failing sign-ins.
 */
public final class MmdbGeoLocator implements GeoLocator, Closeable {

    // Probing a few addresses at open time surfaces a corrupt search tree or data section early.
    private static final String[] PROBES = {"8.8.8.8", "192.0.2.1", "2001:db8::1", "2606:4700::1"};

    private final Reader reader;
    private final Path path;

    private MmdbGeoLocator(Reader reader, Path path) {
        this.reader = reader;
        this.path = path;
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
        MmdbGeoLocator locator = new MmdbGeoLocator(reader, path);
        try {
            for (String probe : PROBES) {
                reader.get(ClientAddress.parse(probe).orElseThrow().toInetAddress(), Map.class);
            }
            Objects.requireNonNull(reader.getMetadata().getBuildDate(), "build date");
        } catch (IOException | RuntimeException corrupt) {
            locator.closeQuietly();
            throw new GeoDatabaseException("Geolocation database " + path
                    + " is damaged and cannot be read: " + corrupt.getMessage(), corrupt);
        }
        return locator;
    }

    @Override
    public GeoLocation locate(ClientAddress address) {
        InetAddress inet = address.toInetAddress();
        try {
            return GeoRecord.toLocation(reader.get(inet, Map.class));
        } catch (IOException | RuntimeException unreadable) {
            return GeoLocation.unknown();
        }
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

    private void closeQuietly() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Already failing with a clearer message.
        }
    }
}
