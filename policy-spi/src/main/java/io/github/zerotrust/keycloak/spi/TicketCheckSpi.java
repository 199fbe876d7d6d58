package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Whether an activation's ticket reference is real: {@code format} (default: the eligibility's pattern alone) and
 * {@code http} (asks a ticketing system whether the ticket exists and is open; fails closed). Options are
 * {@code --spi-zt-elevation-ticket--<id>--<key>}; the check in use is named by
 * {@code --spi-zt-elevation--default--ticket-check}.
 */
public final class TicketCheckSpi implements Spi {

    public static final String NAME = "zt-elevation-ticket";

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
        return TicketCheckProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return TicketCheckProviderFactory.class;
    }
}
