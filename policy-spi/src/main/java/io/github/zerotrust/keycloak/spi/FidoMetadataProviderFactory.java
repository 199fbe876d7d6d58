package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

public interface FidoMetadataProviderFactory extends ProviderFactory<FidoMetadataProvider> {
}
