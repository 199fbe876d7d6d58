package io.github.zerotrust.keycloak.authn.elevation;

import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

/**
 * The token cap is not left to each client: every realm has the client scope {@value #NAME}, holding
 * {@code zt-elevation-mapper} set to cut tokens without adding a claim, as a realm default scope (so Keycloak gives
 * it to every new OIDC client) and on every OIDC client that exists. It is put in place when a realm is created or
 * imported and, for realms and clients from before, at every start. An admin who removes it from a client finds it
 * back at the next start (ADR 0020). SAML clients are not given it: see the ADR.
 */
final class ElevationTokenScope {

    static final String NAME = "zt-elevations";
    static final String MAPPER_NAME = "zt-elevation-cap";
    private static final Logger LOG = Logger.getLogger(ElevationTokenScope.class);

    private ElevationTokenScope() {
    }

    /** Creates the scope if missing, makes it a realm default, and gives it to each OIDC client lacking it. */
    static void ensure(RealmModel realm) {
        ClientScopeModel scope = realm.getClientScopesStream().filter(s -> NAME.equals(s.getName())).findFirst()
                .orElseGet(() -> create(realm));
        if (realm.getDefaultClientScopesStream(true).noneMatch(s -> s.getId().equals(scope.getId()))) {
            realm.addDefaultClientScope(scope, true);
        }
        int added = 0;
        for (ClientModel client : realm.getClientsStream().toList()) {
            if (isOidc(client) && !client.getClientScopes(true).containsKey(NAME) && !client.getClientScopes(false).containsKey(NAME)) {
                client.addClientScope(scope, true);
                added++;
            }
        }
        if (added > 0) {
            LOG.infof("Realm %s: elevation token cap (client scope %s) given to %d client(s)", realm.getName(), NAME, added);
        }
    }

    private static boolean isOidc(ClientModel client) {
        return client.getProtocol() == null || OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol());
    }

    private static ClientScopeModel create(RealmModel realm) {
        ClientScopeModel scope = realm.addClientScope(NAME);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription("Keycloak Zero Trust: no token outlives an elevation whose roles it carries");
        scope.setDisplayOnConsentScreen(false);
        scope.setIncludeInTokenScope(false);
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(MAPPER_NAME);
        mapper.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        mapper.setProtocolMapper(ElevationClaimMapper.ID);
        // Cut only: the zt_elevations claim stays for the clients that add the mapper themselves.
        mapper.setConfig(new java.util.HashMap<>(Map.of("access.token.claim", "false", "id.token.claim", "false",
                "userinfo.token.claim", "false", "introspection.token.claim", "false")));
        scope.addProtocolMapper(mapper);
        return scope;
    }

    /** The scope of a realm, if there is one yet. */
    static Optional<ClientScopeModel> of(RealmModel realm) {
        return realm.getClientScopesStream().filter(s -> NAME.equals(s.getName())).findFirst();
    }
}
