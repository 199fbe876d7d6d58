package io.github.zerotrust.keycloak.authn.device;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor {@code zt-restricted-session-refresh}: the refresh cap of restricted sessions. */
public final class RestrictedSessionRefreshFactory implements ClientPolicyExecutorProviderFactory {

    public static final String ID = "zt-restricted-session-refresh";

    @Override
    public ClientPolicyExecutorProvider<?> create(KeycloakSession session) {
        return new RestrictedSessionRefresh(session);
    }

    @Override
    public String getHelpText() {
        return "Refuses token refresh (invalid_grant) for a session restricted by zt-restrict-unmanaged (unmanaged or "
                + "non-compliant device) once it is older than the cap. Other sessions are not affected.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RefreshCap.MAX_REFRESH_MINUTES).label("Max refresh minutes")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(RefreshCap.DEFAULT_MINUTES)
                .helpText("How long after sign-in a restricted session may refresh its tokens (0-43200 minutes; "
                        + "0: never, the session's first tokens are its last).").add()
                .build();
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
