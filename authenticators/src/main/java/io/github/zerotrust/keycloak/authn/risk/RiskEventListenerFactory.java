package io.github.zerotrust.keycloak.authn.risk;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Global: every realm's sign-in events reach it without adding it to the realm's event listeners. */
public final class RiskEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "zt-risk-learning";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RiskEventListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** A removed user or realm takes its sign-in history with it. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                new SignInHistoryStore(removed.getKeycloakSession()).forgetUser(removed.getRealm().getId(), removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                new SignInHistoryStore(removed.getKeycloakSession()).forgetRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
