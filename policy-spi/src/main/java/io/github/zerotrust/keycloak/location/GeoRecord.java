package io.github.zerotrust.keycloak.location;

import java.util.Map;

/**
 * Reads one decoded MaxMind DB record in either schema we support: GeoIP2/GeoLite2 (nested
 * {@code country.iso_code}, {@code location.*}) or the flat ip-location-db / DB-IP Lite one
 * ({@code country_code}, {@code latitude}, {@code longitude}). Fields of the wrong type or out of
 * range are treated as absent, because a third-party file must never fail a sign-in.
 */
final class GeoRecord {

    private GeoRecord() {
    }

    static GeoLocation toLocation(Object decoded) {
        if (!(decoded instanceof Map<?, ?> record)) {
            return GeoLocation.unknown();
        }
        Map<?, ?> location = map(record.get("location"));
        Double latitude = coordinate(firstPresent(location.get("latitude"), record.get("latitude")), 90);
        Double longitude = coordinate(firstPresent(location.get("longitude"), record.get("longitude")), 180);
        boolean bothCoordinates = latitude != null && longitude != null;
        return new GeoLocation(
                country(record),
                bothCoordinates ? latitude : null,
                bothCoordinates ? longitude : null,
                bothCoordinates ? accuracyRadius(location.get("accuracy_radius")) : null,
                asn(record.get("autonomous_system_number")),
                text(record.get("autonomous_system_organization")));
    }

    private static Country country(Map<?, ?> record) {
        Object code = firstPresent(
                map(record.get("country")).get("iso_code"),
                map(record.get("registered_country")).get("iso_code"),
                record.get("country_code"));
        return code instanceof String text ? Country.parse(text).orElse(Country.UNKNOWN) : Country.UNKNOWN;
    }

    private static Object firstPresent(Object... candidates) {
        for (Object candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static Double coordinate(Object value, double limit) {
        Double number = number(value);
        return number != null && Math.abs(number) <= limit ? number : null;
    }

    private static Integer accuracyRadius(Object value) {
        Double number = number(value);
        return number != null && number >= 0 && number <= 20_100 ? (int) Math.round(number) : null;
    }

    private static Long asn(Object value) {
        Double number = number(value);
        return number != null && number >= 0 && number <= 4_294_967_295L && number == Math.rint(number)
                ? number.longValue() : null;
    }

    private static String text(Object value) {
        return value instanceof String text && !text.isBlank() ? text : null;
    }

    // Flat CSV-derived databases sometimes store numbers as strings.
    private static Double number(Object value) {
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof String text && !text.isBlank() && text.length() <= 32) {
            try {
                number = Double.parseDouble(text.strip());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(number) ? number : null;
    }
}
