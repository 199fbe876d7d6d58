package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.spi.KeycloakClock;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Refuses a refresh of a restricted session ({@code zt.device.restricted}, set by {@code zt-restrict-unmanaged})
 * once the session is older than the cap. Other sessions are not touched.
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
        if (context.getEvent() != ClientPolicyEvent.TOKEN_REFRESH) {
            return;
        }
        String encoded = ((TokenRefreshContext) context).getParams().getFirst(OAuth2Constants.REFRESH_TOKEN);
        RealmModel realm = session.getContext().getRealm();
        // The event comes before Keycloak checks the token: decode() checks its signature; anything that
        // does not decode or has no live session is left for Keycloak to refuse as usual.
        RefreshToken token = encoded == null ? null : session.tokens().decode(encoded, RefreshToken.class);
        if (token == null || token.getSessionId() == null) {
            return;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
        if (userSession == null || !"true".equals(userSession.getNote(RestrictUnmanaged.RESTRICTED_NOTE))) {
            return;
        }
        if (!cap.allows(userSession.getStarted(), KeycloakClock.get().instant().getEpochSecond())) {
            LOG.debugf("Realm %s: refresh refused for a restricted session older than %d min", realm.getName(),
                    cap.max().toMinutes());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "Session from an unmanaged device: refresh allowed for " + cap.max().toMinutes()
                            + " min after sign-in; sign in again");
        }
    }

    @Override
    public String getProviderId() {
        return RestrictedSessionRefreshFactory.ID;
    }
}
