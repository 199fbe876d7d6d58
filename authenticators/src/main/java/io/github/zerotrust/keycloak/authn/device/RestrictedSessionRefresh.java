package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.spi.KeycloakClock;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.context.TokenRequestContext;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.util.TokenUtil;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Holds a restricted session ({@code zt.device.restricted}, set by {@code zt-restrict-unmanaged}) to its cap
 * whichever way it asks for tokens: a refresh, or a code for the same SSO session ({@code prompt=none}, a sign-in
 * the session cookie answers) once the session is older than the cap; an offline refresh never. Other sessions
 * are not touched.
 */
final class RestrictedSessionRefresh implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(RestrictedSessionRefresh.class);

    private final KeycloakSession session;
    private RefreshCap cap = RefreshCap.of(null);

    RestrictedSessionRefresh(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void setupConfiguration(ClientPolicyExecutorConfigurationRepresentation config) {
        cap = RefreshCap.of(config == null ? null : config.getConfigAsMap());
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() == ClientPolicyEvent.TOKEN_REFRESH) {
            onRefresh((TokenRefreshContext) context);
        } else if (context.getEvent() == ClientPolicyEvent.TOKEN_REQUEST) {
            // A code for the same SSO session (prompt=none, or a sign-in the session cookie answers) renews a
            // restricted session as surely as a refresh does: the same cap holds.
            AuthenticatedClientSessionModel clientSession = ((TokenRequestContext) context).getClientSession();
            UserSessionModel userSession = clientSession == null ? null : clientSession.getUserSession();
            if (restricted(userSession) && !ownCode(userSession)) {
                requireWithinCap(userSession, "new tokens");
            }
        }
    }

    private void onRefresh(TokenRefreshContext context) throws ClientPolicyException {
        String encoded = context.getParams().getFirst(OAuth2Constants.REFRESH_TOKEN);
        RealmModel realm = session.getContext().getRealm();
        // The event comes before Keycloak checks the token: decode() checks its signature; anything that
        // does not decode or has no live session is left for Keycloak to refuse as usual.
        RefreshToken token = encoded == null ? null : session.tokens().decode(encoded, RefreshToken.class);
        if (token == null || token.getSessionId() == null) {
            return;
        }
        ClientModel caller = session.getContext().getClient();
        if (caller != null && !caller.getClientId().equals(token.getIssuedFor())) {
            // Another client's token: Keycloak refuses it; this step must not tell that client what the session is.
            return;
        }
        if (TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())) {
            // Offline access is refused to restricted sessions at sign-in; one that slipped through never refreshes,
            // whether or not the online session is still there.
            UserSessionModel offline = session.sessions().getOfflineUserSession(realm, token.getSessionId());
            if (restricted(offline) || restricted(session.sessions().getUserSession(realm, token.getSessionId()))) {
                LOG.debugf("Realm %s: offline refresh refused for a restricted session", realm.getName());
                throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                        "Session from an unmanaged device: no offline access; sign in again");
            }
            return;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        if (restricted(userSession)) {
            requireWithinCap(userSession, "refresh");
        }
    }

    /**
     * The code of a sign-in with credentials, exchanged within the realm's code lifespan of it. A code the SSO
     * cookie got ({@code prompt=none} included) is a renewal, held to the cap.
     */
    private static boolean ownCode(UserSessionModel userSession) {
        long signedInAt;
        try {
            signedInAt = Long.parseLong(String.valueOf(userSession.getNote(RestrictUnmanaged.SIGNED_IN_AT_NOTE)));
        } catch (NumberFormatException none) {
            signedInAt = userSession.getStarted();
        }
        return KeycloakClock.get().instant().getEpochSecond() - signedInAt <= userSession.getRealm().getAccessCodeLifespan();
    }

    private static boolean restricted(UserSessionModel userSession) {
        return userSession != null && "true".equals(userSession.getNote(RestrictUnmanaged.RESTRICTED_NOTE));
    }

    private void requireWithinCap(UserSessionModel userSession, String what) throws ClientPolicyException {
        if (!cap.allows(userSession.getStarted(), KeycloakClock.get().instant().getEpochSecond())) {
            LOG.debugf("Realm %s: %s refused for a restricted session older than %d min", userSession.getRealm().getName(),
                    what, cap.max().toMinutes());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "Session from an unmanaged device: " + what + " allowed for " + cap.max().toMinutes()
                            + " min after sign-in; sign in again");
        }
    }

    @Override
    public String getProviderId() {
        return RestrictedSessionRefreshFactory.ID;
    }
}
