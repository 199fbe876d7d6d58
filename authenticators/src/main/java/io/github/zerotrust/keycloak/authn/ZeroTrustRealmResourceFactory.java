package io.github.zerotrust.keycloak.authn;

import io.github.zerotrust.keycloak.authn.model.LostNodeCaches;
import io.github.zerotrust.keycloak.authn.ssf.TransmitterPoller;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** {@code /realms/{realm}/zero-trust}: what users do themselves, with their own token or session. */
public final class ZeroTrustRealmResourceFactory implements RealmResourceProviderFactory {

    public static final String ID = "zero-trust";

    private TransmitterPoller poller;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new ZeroTrustRealmResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // The realm resource serves the push endpoint; the poller is the other way SETs arrive.
        poller = TransmitterPoller.start(factory);
        LostNodeCaches.watch(factory);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.stop();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
