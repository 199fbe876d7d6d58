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
 *
 * <p>The provider a session gets is an object of its own: a session closes its providers, and closing this factory
 * stops the expiry. (When one object was both, the schema update on a new database closed it, and the node's expiry
 * never ran.)
 */
public final class ElevationEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "zt-elevation";

    /** The tables and their changelog; nothing to close. */
    static final JpaEntityProvider TABLES = new JpaEntityProvider() {
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
        public void close() {
        }
    };

    private ElevationExpiry expiry;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return TABLES;
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
