package io.github.zerotrust.keycloak.authn.elevation;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * {@code kc_action=zt-elevate}: an app sends the user here to activate an eligible role. Enable it under
 * Authentication → Required actions. Ask with {@code prompt=login} and the strength the eligibility
 * needs ({@code acr_values=mfa} or {@code phr}): the action itself refuses without a fresh enough one.
 */
public final class ElevateActionFactory implements RequiredActionFactory {

    public static final String ID = "zt-elevate";

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return ElevateAction.SINGLETON;
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

    @Override
    public String getDisplayText() {
        return "Zero Trust - activate a privileged role";
    }

    @Override
    public boolean isOneTimeAction() {
        return true;
    }
}
