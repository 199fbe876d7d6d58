package io.github.zerotrust.keycloak.authn.risk;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: every realm's break-glass sign-ins are alerts without adding a listener to the realm. */
public final class BreakGlassAlertListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "zt-break-glass";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new BreakGlassAlertListener(session);
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
