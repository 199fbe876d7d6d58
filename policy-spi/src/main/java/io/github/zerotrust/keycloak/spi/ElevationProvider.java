package io.github.zerotrust.keycloak.spi;

import java.util.List;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * Gives and takes away the role of an elevation, and names the extensions the server uses. The suite calls
 * {@link #grant} inside the transaction that stores the elevation (a failure rolls both back) and {@link #revoke}
 * when the last active elevation of that role ends. Whatever it does must be visible to token mappers and to the
 * other nodes, as Keycloak's model API is.
 */
public interface ElevationProvider extends Provider {

    /** Gives {@code user} the role for the elevation. */
    void grant(RealmModel realm, UserModel user, RoleModel role);

    /** Takes the role away: its last elevation ended. */
    void revoke(RealmModel realm, UserModel user, RoleModel role);

    /** The ids of the {@link ApprovalChannelProvider}s told of each new request, in order; never empty. */
    List<String> approvalChannels();

    /** The id of the {@link TicketCheckProvider} that judges ticket references. */
    String ticketCheck();

    @Override
    default void close() {
    }
}
