package io.github.zerotrust.keycloak.location.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic data set in the shape of ip-location-db's city databases: two files, an IPv4-only
 * one ({@code ip_version} 4) and an IPv6 one, with flat records ({@code country_code}, {@code city},
 * {@code latitude}, {@code longitude}, {@code timezone}) and no accuracy radius. Documentation
 * ranges only, apart from {@code 32.0.0.0/11}: the first 32 bits of every {@code 2001:db8::/32}
 * address (32.1.13.184), so that a reader that takes an IPv6 address for IPv4 gets "US".
 */
public final class DualFileTestDatabase {

    public static final String IPV4_TYPE = "ZeroTrust-Test-City-IPv4";
    public static final String IPV6_TYPE = "ZeroTrust-Test-City-IPv6";
    private static final String DESCRIPTION = "Synthetic two-file city data set without accuracy radius; CC0-1.0";

    /** One network and what the data set says about it. */
    public record Row(String network, String countryCode, String city, double latitude, double longitude,
                      String timeZone) {

        Map<String, Object> toRecord() {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("country_code", countryCode);
            record.put("city", city);
            record.put("latitude", latitude);
            record.put("longitude", longitude);
            record.put("timezone", timeZone);
            return record;
        }
    }

    public static final String LONDON_IPV4 = "192.0.2.10";
    public static final String MANCHESTER_IPV4 = "203.0.113.200";
    public static final String MOSCOW_IPV4 = "198.51.100.7";
    public static final String LONDON_IPV6 = "2001:db8:44::10";
    public static final String MANCHESTER_IPV6 = "2001:db8:45::10";
    public static final String MOSCOW_IPV6 = "2001:db8:7::7";

    private static final List<Row> IPV4 = List.of(
            new Row("192.0.2.0/24", "GB", "London", 51.5074, -0.1278, "Europe/London"),
            new Row("203.0.113.128/25", "GB", "Manchester", 53.4808, -2.2426, "Europe/London"),
            new Row("198.51.100.0/24", "RU", "Moscow", 55.7558, 37.6173, "Europe/Moscow"),
            new Row("32.0.0.0/11", "US", "New York", 40.7128, -74.0060, "America/New_York"));

    private static final List<Row> IPV6 = List.of(
            new Row("2001:db8:44::/48", "GB", "London", 51.5074, -0.1278, "Europe/London"),
            new Row("2001:db8:45::/48", "GB", "Manchester", 53.4808, -2.2426, "Europe/London"),
            new Row("2001:db8:7::/48", "RU", "Moscow", 55.7558, 37.6173, "Europe/Moscow"));

    private DualFileTestDatabase() {
    }

    public static List<Row> ipv4Rows() {
        return IPV4;
    }

    public static List<Row> ipv6Rows() {
        return IPV6;
    }

    /** Writes {@code test-city-ipv4.mmdb} into the directory and returns its path. */
    public static Path writeIpv4(Path directory) throws IOException {
        MmdbWriter writer = MmdbWriter.ipv4Only(IPV4_TYPE, DESCRIPTION);
        IPV4.forEach(row -> writer.insert(row.network(), row.toRecord()));
        Path path = directory.resolve("test-city-ipv4.mmdb");
        writer.write(path);
        return path;
    }

    /** Writes {@code test-city-ipv6.mmdb} into the directory and returns its path. */
    public static Path writeIpv6(Path directory) throws IOException {
        MmdbWriter writer = new MmdbWriter(IPV6_TYPE, DESCRIPTION);
        IPV6.forEach(row -> writer.insert(row.network(), row.toRecord()));
        Path path = directory.resolve("test-city-ipv6.mmdb");
        writer.write(path);
        return path;
    }
}
