package io.github.zerotrust.keycloak.location;

/** Finds where a client address is. */
@FunctionalInterface
public interface GeoLocator {

    /** Never throws for a valid address; gives {@link GeoLocation#unknown()} when nothing is known. */
    GeoLocation locate(ClientAddress address);

    /** For deployments without a geolocation database: every address is of unknown location. */
    static GeoLocator none() {
        return address -> GeoLocation.unknown();
    }
}
