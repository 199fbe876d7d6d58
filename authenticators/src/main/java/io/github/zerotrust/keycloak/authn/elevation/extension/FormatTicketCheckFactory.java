package io.github.zerotrust.keycloak.authn.elevation.extension;

import io.github.zerotrust.keycloak.elevation.TicketVerdict;
import io.github.zerotrust.keycloak.spi.TicketCheckProvider;
import io.github.zerotrust.keycloak.spi.TicketCheckProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code format} (default): a ticket reference is judged by its form only, which the eligibility's
 * {@code ticketPattern} has already checked; nothing outside Keycloak is asked.
 */
public final class FormatTicketCheckFactory implements TicketCheckProviderFactory {

    public static final String ID = "format";
    private static final TicketCheckProvider FORMAT_ONLY = (realm, ticket) -> TicketVerdict.OPEN;

    @Override
    public TicketCheckProvider create(KeycloakSession session) {
        return FORMAT_ONLY;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
