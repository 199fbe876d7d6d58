package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Just-in-time privileged roles: how a granted elevation's role is given and taken away, and which approval
 * channels and ticket check the server uses. Provider {@code default} grants and ends roles through Keycloak's model
 * API; its options {@code --spi-zt-elevation--default--approval-channels} and {@code --ticket-check} name the
 * providers of {@link ApprovalChannelSpi} and {@link TicketCheckSpi} to use, at run time.
 */
public final class ElevationSpi implements Spi {

    public static final String NAME = "zt-elevation";

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
        return ElevationProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ElevationProviderFactory.class;
    }
}
