package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.location.NetworkZone;
import org.keycloak.provider.Provider;

/**
 * One named network zone of a realm. The fully qualified name of this interface is the component
 * {@code providerType} in the database and in realm exports: it must not change without a migration.
 */
public interface NetworkZoneProvider extends Provider {

    NetworkZone zone();

    @Override
    default void close() {
    }
}
