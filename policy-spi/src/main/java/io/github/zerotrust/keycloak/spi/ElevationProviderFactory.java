package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

/** Makes {@link ElevationProvider}s; see {@link ElevationSpi}. */
public interface ElevationProviderFactory extends ProviderFactory<ElevationProvider> {
}
