package io.github.zerotrust.keycloak.spi;

import org.keycloak.provider.ProviderFactory;

/** Makes {@link TicketCheckProvider}s; see {@link TicketCheckSpi}. */
public interface TicketCheckProviderFactory extends ProviderFactory<TicketCheckProvider> {
}
