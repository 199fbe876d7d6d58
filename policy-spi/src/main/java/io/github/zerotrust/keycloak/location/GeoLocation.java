package io.github.zerotrust.keycloak.location;

import java.util.Objects;

/**
 * Where an address is, as far as the database knows. Everything but the country may be null.
 * Coordinates, accuracy and ASN are kept for impossible-travel and hosting-provider risk checks.
 */
public record GeoLocation(Country country, Double latitude, Double longitude, Integer accuracyRadiusKm,
                          Long asn, String asOrganization) {

    private static final GeoLocation UNKNOWN = new GeoLocation(Country.UNKNOWN, null, null, null, null, null);

    public GeoLocation {
        Objects.requireNonNull(country, "country; use Country.UNKNOWN");
    }

    public static GeoLocation unknown() {
        return UNKNOWN;
    }

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }
}
