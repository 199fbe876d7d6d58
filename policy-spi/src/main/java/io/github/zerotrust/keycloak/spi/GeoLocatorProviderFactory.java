package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

public interface GeoLocatorProviderFactory extends ProviderFactory<GeoLocatorProvider> {
}
