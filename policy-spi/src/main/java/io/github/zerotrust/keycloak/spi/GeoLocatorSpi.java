package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Where a client address is in the world. Operators pick the implementation with
 * {@code --spi-zt-geo-locator--provider=<id>} and configure it with
 * {@code --spi-zt-geo-locator--<id>--<key>=<value>}.
 */
public final class GeoLocatorSpi implements Spi {

    public static final String NAME = "zt-geo-locator";

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
        return GeoLocatorProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return GeoLocatorProviderFactory.class;
    }
}
