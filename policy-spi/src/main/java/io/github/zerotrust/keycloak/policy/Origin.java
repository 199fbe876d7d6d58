package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.util.Optional;
import java.util.Set;

/**
 * Where a sign-in comes from: the address Keycloak resolved (empty when it could not be read), where
 * the GeoIP database places it, and the realm's zones that hold it.
 *
 * @param trustedZones the zones of {@code zones} that are marked trusted
 */
public record Origin(Optional<ClientAddress> address, GeoLocation geo, Set<String> zones, Set<String> trustedZones) {

    public Origin {
        address = address == null ? Optional.empty() : address;
        geo = geo == null ? GeoLocation.unknown() : geo;
        zones = zones == null ? Set.of() : Set.copyOf(zones);
        trustedZones = trustedZones == null ? Set.of() : Set.copyOf(trustedZones);
    }

    /** An address that could not be read: nowhere. */
    public static Origin unreadable() {
        return new Origin(Optional.empty(), GeoLocation.unknown(), Set.of(), Set.of());
    }

    public Country country() {
        return geo.country();
    }
}
