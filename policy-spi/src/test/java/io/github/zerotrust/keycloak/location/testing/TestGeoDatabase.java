package io.github.zerotrust.keycloak.location.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project's synthetic geolocation database: GeoIP2-City-shaped records on documentation and
 * benchmark address ranges only (RFC 5737, RFC 3849, RFC 2544), so it can be published (CC0-1.0)
 * and shipped with the demo. {@code main} writes it; demo/GEO-DATABASE.md describes it.
 */
public final class TestGeoDatabase {

    public static final String DATABASE_TYPE = "ZeroTrust-Demo-City";
    public static final String DESCRIPTION =
            "Synthetic demo data on documentation address ranges; Keycloak Zero Trust; CC0-1.0";

    /** One network of the database and what it says about it. */
    public record Row(String network, String countryCode, String countryName, String city,
                      double latitude, double longitude, int accuracyRadiusKm,
                      long asn, String asOrganization, String timeZone) {

        Map<String, Object> toRecord() {
            return Map.of(
                    "country", Map.of("iso_code", countryCode, "names", Map.of("en", countryName)),
                    "city", Map.of("names", Map.of("en", city)),
                    "location", Map.of(
                            "latitude", latitude,
                            "longitude", longitude,
                            "accuracy_radius", accuracyRadiusKm,
                            "time_zone", timeZone),
                    "autonomous_system_number", asn,
                    "autonomous_system_organization", asOrganization);
        }
    }

    private static final List<Row> ROWS = List.of(
            london("192.0.2.0/24"),
            pyongyang("198.51.100.0/24"),
            sydney("203.0.113.0/25"),
            new Row("203.0.113.128/25", "GB", "United Kingdom", "Manchester", 53.4808, -2.2426, 10,
                    64500, "Example Office ISP", "Europe/London"),
            new Row("198.18.0.0/15", "DE", "Germany", "Frankfurt am Main", 50.1109, 8.6821, 100,
                    64666, "Example Hosting", "Europe/Berlin"),
            new Row("192.88.99.0/24", "US", "United States", "New York", 40.7128, -74.0060, 25,
                    64503, "Example US ISP", "America/New_York"),
            london("2001:db8:1::/48"),
            pyongyang("2001:db8:2::/48"),
            sydney("2001:db8:3::/48"));

    private TestGeoDatabase() {
    }

    private static Row london(String network) {
        return new Row(network, "GB", "United Kingdom", "London", 51.5074, -0.1278, 20,
                64500, "Example Office ISP", "Europe/London");
    }

    private static Row pyongyang(String network) {
        return new Row(network, "KP", "North Korea", "Pyongyang", 39.0392, 125.7625, 50,
                64501, "Example KP Telecom", "Asia/Pyongyang");
    }

    private static Row sydney(String network) {
        return new Row(network, "AU", "Australia", "Sydney", -33.8688, 151.2093, 20,
                64502, "Example AU Telecom", "Australia/Sydney");
    }

    public static List<Row> rows() {
        return ROWS;
    }

    public static byte[] bytes() {
        MmdbWriter writer = new MmdbWriter(DATABASE_TYPE, DESCRIPTION);
        ROWS.forEach(row -> writer.insert(row.network(), row.toRecord()));
        return writer.toBytes();
    }

    public static void write(Path path) throws IOException {
        Files.write(path, bytes());
    }

    /** Regenerates the demo database: {@code TestGeoDatabase demo/zero-trust-demo-geo.mmdb}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TestGeoDatabase <output.mmdb>");
            System.exit(2);
        }
        write(Path.of(args[0]));
        System.out.println("wrote " + args[0]);
    }
}
