package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.fido.MetadataSource;
import org.keycloak.provider.Provider;

/** The FIDO metadata the FIDO2 policy judges authenticators with, as it stands for this request. */
public interface FidoMetadataProvider extends Provider {

    MetadataSource.State metadata();

    @Override
    default void close() {
        // A view on metadata the factory owns.
    }
}
