package io.github.zerotrust.keycloak.location;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of one GeoIP data set, serving together: a single file that holds both address
 * families (GeoLite2, DB-IP), or the IPv4 and IPv6 files that ip-location-db ships apart. Each
 * address goes to the file that holds its family; a family no file holds is unknown, never
 * another network's country.
 */
public final class MmdbDataSet implements GeoLocator, Closeable {

    private final MmdbGeoLocator main;
    private final Optional<MmdbGeoLocator> ipv6File;
    private final GeoLocator ipv4;
    private final GeoLocator ipv6;

    private MmdbDataSet(MmdbGeoLocator main, Optional<MmdbGeoLocator> ipv6File) {
        this.main = main;
        this.ipv6File = ipv6File;
        this.ipv6 = ipv6File.<GeoLocator>map(file -> file).orElse(main);
        // A second file that also holds IPv4 (a full IPv6 tree) answers for it only if the first cannot.
        this.ipv4 = main.holdsIpv4() || ipv6File.isEmpty() || !ipv6File.get().holdsIpv4() ? main : ipv6File.get();
    }

    /**
     * Opens the data set.
     *
     * @param database     the data set's file (GeoLite2's only file, or ip-location-db's IPv4 file)
     * @param ipv6Database the data set's IPv6 file, when it ships one apart; it must hold IPv6 networks
     * @throws GeoDatabaseException naming the file that cannot be used; nothing stays open then
     */
    public static MmdbDataSet open(Path database, Optional<Path> ipv6Database) throws GeoDatabaseException {
        Objects.requireNonNull(ipv6Database, "ipv6Database");
        MmdbGeoLocator main = MmdbGeoLocator.open(database);
        if (ipv6Database.isEmpty()) {
            return new MmdbDataSet(main, Optional.empty());
        }
        MmdbGeoLocator second;
        try {
            second = MmdbGeoLocator.open(ipv6Database.get());
        } catch (GeoDatabaseException e) {
            closeQuietly(main);
            throw e;
        }
        if (!second.holdsIpv6()) {
            closeQuietly(main);
            closeQuietly(second);
            throw new GeoDatabaseException("Geolocation database " + ipv6Database.get()
                    + " holds no IPv6 networks (ip_version " + second.ipVersion()
                    + "); the second file must be the data set's IPv6 file.");
        }
        return new MmdbDataSet(main, Optional.of(second));
    }

    @Override
    public GeoLocation locate(ClientAddress address) {
        return (address.isIpv4() ? ipv4 : ipv6).locate(address);
    }

    /** Whether some file of the data set locates IPv4 addresses. */
    public boolean answersIpv4() {
        return main.holdsIpv4() || ipv6File.map(MmdbGeoLocator::holdsIpv4).orElse(false);
    }

    /** Whether some file of the data set locates IPv6 addresses. */
    public boolean answersIpv6() {
        return main.holdsIpv6() || ipv6File.isPresent();
    }

    /** The files, for the start-up log line: path, type and build date of each. */
    public List<String> describe() {
        List<String> files = new ArrayList<>();
        files.add(describe(main));
        ipv6File.ifPresent(file -> files.add(describe(file)));
        return files;
    }

    private static String describe(MmdbGeoLocator file) {
        return file.path() + " (type " + file.databaseType() + ", IPv" + file.ipVersion() + " tree, built "
                + file.buildDate() + ")";
    }

    @Override
    public void close() throws IOException {
        try {
            main.close();
        } finally {
            if (ipv6File.isPresent()) {
                ipv6File.get().close();
            }
        }
    }

    private static void closeQuietly(MmdbGeoLocator file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // Already failing with a clearer message.
        }
    }
}
