package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.location.GeoLocator;
import org.keycloak.provider.Provider;

/** A {@link GeoLocator} that Keycloak manages: one per session, usually a view on a shared database. */
public interface GeoLocatorProvider extends GeoLocator, Provider {

    @Override
    default void close() {
        // Providers are views on a database the factory owns.
    }
}
