package io.github.zerotrust.keycloak.authn.risk;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the risk tables with Keycloak's JPA setup. Liquibase records this changelog in
 * {@code DATABASECHANGELOG_ZTRISK}, named after the first letters of this factory's id.
 */
public final class RiskEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "zt-risk";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(SignInHistoryEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/zero-trust/risk-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
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
