package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.spi.GeoLocatorProvider;
import io.github.zerotrust.keycloak.spi.GeoLocatorProviderFactory;
import io.github.zerotrust.keycloak.spi.GeoLocatorSpi;

import io.github.zerotrust.keycloak.location.GeoDatabaseException;
import io.github.zerotrust.keycloak.location.GeoLocator;
import io.github.zerotrust.keycloak.location.MmdbDataSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
 *
 * <p>A data set that ships IPv4 and IPv6 in two files (ip-location-db) is configured with both
 * {@code database} and {@code database-ipv6}; the second file is held to the same rule. A data set
 * that lacks a family locates its addresses as unknown, and the start-up log says so.
 */
public final class MmdbGeoLocatorProviderFactory implements GeoLocatorProviderFactory {

    public static final String ID = "mmdb";
    public static final String DATABASE = "database";
    public static final String DATABASE_IPV6 = "database-ipv6";
    public static final String REQUIRED = "required";

    private static final Logger LOG = Logger.getLogger(MmdbGeoLocatorProviderFactory.class);

    private volatile GeoLocator locator = GeoLocator.none();
    private volatile MmdbDataSet opened;

    @Override
    public GeoLocatorProvider create(KeycloakSession session) {
        GeoLocator shared = locator;
        return shared::locate;
    }

    @Override
    public void init(Config.Scope config) {
        String database = blankToNull(config.get(DATABASE));
        Optional<String> ipv6Database = Optional.ofNullable(blankToNull(config.get(DATABASE_IPV6)));
        boolean required = config.getBoolean(REQUIRED, Boolean.TRUE);
        String files = database == null ? ipv6Database.orElse("")
                : database + ipv6Database.map(second -> " with " + second).orElse("");
        try {
            if (database == null && ipv6Database.isEmpty()) {
                LOG.warnf("No GeoIP database configured (%s): every sign-in's country is 'unknown'", option(DATABASE));
                return;
            }
            if (database == null) {
                throw new GeoDatabaseException(option(DATABASE_IPV6) + " is the second file of a data set; "
                        + option(DATABASE) + " must name the first");
            }
            opened = MmdbDataSet.open(Path.of(database), ipv6Database.map(Path::of));
            locator = opened;
            LOG.infof("GeoIP database loaded: %s", String.join("; ", opened.describe()));
            warnAboutMissingFamilies(opened, files);
        } catch (GeoDatabaseException | RuntimeException e) {
            if (required) {
                throw new IllegalStateException("Zero Trust: cannot use the GeoIP database " + files + ": "
                        + e.getMessage() + ". Fix the path, or set " + option(REQUIRED)
                        + "=false to run with every country 'unknown'.", e);
            }
            LOG.errorf("GeoIP database %s cannot be used (%s); every sign-in's country is 'unknown'", files, e.getMessage());
        }
    }

    private static void warnAboutMissingFamilies(MmdbDataSet dataSet, String files) {
        if (!dataSet.answersIpv6()) {
            LOG.warnf("GeoIP database %s holds no IPv6 networks: every IPv6 sign-in's country is 'unknown'."
                    + " If the data set ships its IPv6 networks in a second file, add it with %s", files, option(DATABASE_IPV6));
        }
        if (!dataSet.answersIpv4()) {
            LOG.warnf("GeoIP database %s holds no IPv4 networks: every IPv4 sign-in's country is 'unknown'."
                    + " Name the data set's IPv4 file in %s and its IPv6 file in %s", files, option(DATABASE), option(DATABASE_IPV6));
        }
    }

    private static String option(String key) {
        return "--spi-" + GeoLocatorSpi.NAME + "--" + ID + "--" + key;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
        MmdbDataSet db = opened;
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
                .property().name(DATABASE_IPV6).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of the same data set's IPv6 file, for data sets that ship IPv4 and IPv6 apart"
                        + " (ip-location-db's -ipv4.mmdb / -ipv6.mmdb). It answers every IPv6 address.")
                .add()
                .property().name(REQUIRED).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Refuse to start when the configured database cannot be read. false: start, and treat every country as unknown.")
                .add()
                .build();
    }
}
