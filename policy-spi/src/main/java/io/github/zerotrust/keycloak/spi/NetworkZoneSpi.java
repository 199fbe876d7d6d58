package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Named network zones are stored as realm components of this provider type, so they live in the
 * realm's database, are cached and invalidated across the cluster by Keycloak, and travel with
 * realm export and import.
 */
public final class NetworkZoneSpi implements Spi {

    public static final String NAME = "zt-network-zone";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return NetworkZoneProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return NetworkZoneProviderFactory.class;
    }
}
