package io.github.zerotrust.keycloak.authn.signals;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: every realm's critical events reach it without adding it to the realm's event listeners. */
public final class CriticalEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "zt-signals";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new CriticalEventListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
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
