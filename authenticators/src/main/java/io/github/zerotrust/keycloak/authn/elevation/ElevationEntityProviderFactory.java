package io.github.zerotrust.keycloak.authn.elevation;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Registers the elevation tables with Keycloak's JPA setup and starts the expiry task once the
 * server is up (every node schedules it; the cluster runs each turn once, see {@link ElevationExpiry}).
 */
public final class ElevationEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "zt-elevation";

    private ElevationExpiry expiry;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(EligibilityEntity.class, ElevationEntity.class, ElevationRequestEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/zero-trust/elevation-changelog.xml";
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
        expiry = ElevationExpiry.start(factory);
    }

    @Override
    public void close() {
        if (expiry != null) {
            expiry.stop();
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
