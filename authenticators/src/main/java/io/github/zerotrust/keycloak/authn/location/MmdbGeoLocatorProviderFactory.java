package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.spi.GeoLocatorProvider;
import io.github.zerotrust.keycloak.spi.GeoLocatorProviderFactory;
import io.github.zerotrust.keycloak.spi.GeoLocatorSpi;

import io.github.zerotrust.keycloak.location.GeoDatabaseException;
import io.github.zerotrust.keycloak.location.GeoLocator;
import io.github.zerotrust.keycloak.location.MmdbGeoLocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Reads a MaxMind-format ({@code .mmdb}) database: GeoIP2/GeoLite2, DB-IP Lite or ip-location-db.
 *
 * <p>A configured database that cannot be opened stops the server at start-up (a clear error
 * beats sign-ins judged as "unknown country" without anyone noticing), unless the operator set
 * {@code required=false}: then every country is unknown and the conditions' unknown-country
 * setting decides.
 */
public final class MmdbGeoLocatorProviderFactory implements GeoLocatorProviderFactory {

    public static final String ID = "mmdb";
    public static final String DATABASE = "database";
    public static final String REQUIRED = "required";

    private static final Logger LOG = Logger.getLogger(MmdbGeoLocatorProviderFactory.class);

    private volatile GeoLocator locator = GeoLocator.none();
    private volatile MmdbGeoLocator opened;

    @Override
    public GeoLocatorProvider create(KeycloakSession session) {
        GeoLocator shared = locator;
        return shared::locate;
    }

    @Override
    public void init(Config.Scope config) {
        String database = config.get(DATABASE);
        boolean required = config.getBoolean(REQUIRED, Boolean.TRUE);
        if (database == null || database.isBlank()) {
            LOG.warnf("No GeoIP database configured (--spi-%s--%s--%s): every sign-in's country is 'unknown'",
                    GeoLocatorSpi.NAME, ID, DATABASE);
            return;
        }
        try {
            opened = MmdbGeoLocator.open(Path.of(database));
            locator = opened;
            LOG.infof("GeoIP database %s loaded (type %s, built %s)", database, opened.databaseType(), opened.buildDate());
        } catch (GeoDatabaseException e) {
            if (required) {
                throw new IllegalStateException("Zero Trust: cannot use the GeoIP database " + database + ": "
                        + e.getMessage() + ". Fix the path, or set --spi-" + GeoLocatorSpi.NAME + "--" + ID + "--"
                        + REQUIRED + "=false to run with every country 'unknown'.", e);
            }
            LOG.errorf("GeoIP database %s cannot be used (%s); every sign-in's country is 'unknown'", database, e.getMessage());
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        MmdbGeoLocator db = opened;
        if (db != null) {
            try {
                db.close();
            } catch (IOException e) {
                LOG.debug("Closing the GeoIP database failed", e);
            }
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(DATABASE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of a MaxMind-format (.mmdb) country or city database. Empty: every country is unknown.")
                .add()
                .property().name(REQUIRED).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Refuse to start when the configured database cannot be read. false: start, and treat every country as unknown.")
                .add()
                .build();
    }
}
