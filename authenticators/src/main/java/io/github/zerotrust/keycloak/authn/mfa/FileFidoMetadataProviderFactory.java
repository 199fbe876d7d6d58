package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.spi.FidoMetadataProvider;
import io.github.zerotrust.keycloak.spi.FidoMetadataProviderFactory;
import io.github.zerotrust.keycloak.spi.FidoMetadataSpi;
import io.github.zerotrust.keycloak.spi.KeycloakClock;

import io.github.zerotrust.keycloak.fido.MetadataBlob;
import io.github.zerotrust.keycloak.fido.MetadataBlobException;
import io.github.zerotrust.keycloak.fido.MetadataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Reads the MDS3 BLOB from a file the operator downloads (offline: the server never fetches it),
 * checks its signature chain against the configured root certificate, and re-reads it when the file
 * is replaced.
 *
 * <p>Fail-closed: a configured BLOB that does not verify stops the server at start-up. A replacement
 * that does not verify, or a BLOB past its {@code nextUpdate}, makes every FIDO2 policy check refuse
 * until a good BLOB is in place, unless the operator set {@code required=false}: then broken metadata
 * counts as none (compromise checks off, metadata-based rules refuse) and is logged as an error.
 */
public final class FileFidoMetadataProviderFactory implements FidoMetadataProviderFactory {

    public static final String ID = "file";
    public static final String BLOB = "blob";
    public static final String ROOT_CERTIFICATE = "root-certificate";
    public static final String REQUIRED = "required";
    public static final String CHECK_INTERVAL_SECONDS = "check-interval-seconds";

    private static final Logger LOG = Logger.getLogger(FileFidoMetadataProviderFactory.class);
    private static final int DEFAULT_CHECK_INTERVAL = 60;

    private volatile MetadataSource source;
    private boolean required = true;
    private volatile String lastProblem;

    @Override
    public FidoMetadataProvider create(KeycloakSession session) {
        return this::metadata;
    }

    MetadataSource.State metadata() {
        MetadataSource opened = source;
        if (opened == null) {
            return MetadataSource.State.none();
        }
        MetadataSource.State state = opened.current();
        String problem = state.problem().orElse(null);
        if (problem != null && !problem.equals(lastProblem)) {
            LOG.errorf("Zero Trust: the FIDO metadata BLOB %s cannot be used: %s. %s", opened.file(), problem,
                    required ? "Every FIDO2 policy check refuses until a valid BLOB is in place."
                            : "Running without metadata (required=false).");
        }
        lastProblem = problem;
        return problem != null && !required ? MetadataSource.State.none() : state;
    }

    @Override
    public void init(Config.Scope config) {
        String blob = config.get(BLOB);
        required = config.getBoolean(REQUIRED, Boolean.TRUE);
        int interval = Math.max(1, Math.min(3600, config.getInt(CHECK_INTERVAL_SECONDS, DEFAULT_CHECK_INTERVAL)));
        if (blob == null || blob.isBlank()) {
            LOG.infof("No FIDO metadata BLOB configured (--spi-%s--%s--%s): certification levels and compromise "
                    + "reports are not checked", FidoMetadataSpi.NAME, ID, BLOB);
            return;
        }
        String root = config.get(ROOT_CERTIFICATE);
        try {
            if (root == null || root.isBlank()) {
                throw new MetadataBlobException("no root certificate is configured (--spi-" + FidoMetadataSpi.NAME + "--"
                        + ID + "--" + ROOT_CERTIFICATE + "): the BLOB's signature cannot be checked without one");
            }
            source = MetadataSource.open(Path.of(blob), MetadataSource.certificate(Path.of(root)), KeycloakClock.get(),
                    Duration.ofSeconds(interval));
            MetadataBlob loaded = source.current().blob().orElseThrow();
            LOG.infof("FIDO metadata BLOB no. %d loaded from %s: %d authenticators, next update due %s",
                    loaded.serialNumber(), blob, loaded.size(), loaded.nextUpdate());
            if (loaded.nextUpdate().isBefore(LocalDate.now(KeycloakClock.get()).plusDays(7))) {
                LOG.warnf("The FIDO metadata BLOB %s is due to be replaced on %s; download a current one", blob,
                        loaded.nextUpdate());
            }
        } catch (MetadataBlobException e) {
            if (required) {
                throw new IllegalStateException("Zero Trust: cannot use the FIDO metadata BLOB " + blob + ": "
                        + e.getMessage() + " Fix it, or set --spi-" + FidoMetadataSpi.NAME + "--" + ID + "--" + REQUIRED
                        + "=false to start without metadata.", e);
            }
            LOG.errorf("Zero Trust: the FIDO metadata BLOB %s cannot be used (%s); running without metadata", blob,
                    e.getMessage());
        }
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
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(BLOB).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of the FIDO Metadata Service (MDS3) BLOB, a JWT downloaded from https://mds3.fidoalliance.org/. Empty: no metadata.")
                .add()
                .property().name(ROOT_CERTIFICATE).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of the Metadata Service root certificate (PEM or DER) the BLOB's signing chain must lead to.")
                .add()
                .property().name(REQUIRED).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true)
                .helpText("Refuse to start, and refuse FIDO2 policy checks, while the configured BLOB cannot be verified. false: carry on without metadata.")
                .add()
                .property().name(CHECK_INTERVAL_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_CHECK_INTERVAL)
                .helpText("How often the BLOB file is looked at for a replacement (1 to 3600 seconds).")
                .add()
                .build();
    }
}
