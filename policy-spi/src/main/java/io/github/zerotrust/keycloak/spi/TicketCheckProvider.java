package io.github.zerotrust.keycloak.spi;

import io.github.zerotrust.keycloak.elevation.TicketVerdict;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Judges a ticket reference that already has the eligibility's form. Called only when the activation names a
 * ticket; never throws: a system that cannot answer is {@link TicketVerdict#UNAVAILABLE}, which refuses.
 */
public interface TicketCheckProvider extends Provider {

    TicketVerdict check(RealmModel realm, String ticket);

    @Override
    default void close() {
    }
}
