package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Where the FIDO Metadata Service (MDS3) BLOB comes from. Operators configure it with
 * {@code --spi-zt-fido-metadata--file--blob=<path>} and {@code --spi-zt-fido-metadata--file--root-certificate=<path>}.
 */
public final class FidoMetadataSpi implements Spi {

    public static final String NAME = "zt-fido-metadata";

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
        return FidoMetadataProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return FidoMetadataProviderFactory.class;
    }
}
