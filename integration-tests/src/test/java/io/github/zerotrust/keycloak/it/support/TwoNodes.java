package io.github.zerotrust.keycloak.it.support;

import io.github.zerotrust.keycloak.fido.testing.TestBlobs;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives cluster tests the one two-node cluster of this test JVM: two Keycloak nodes (copies of the shared server's
 * home, so the same bundle) on one PostgreSQL database, clustered by Keycloak's own Infinispan (jdbc-ping), started
 * on first use and stopped when the JVM's tests are done. Each test class works in a realm of its own. Both nodes
 * read one FIDO Metadata Service BLOB file (as an operator puts the same file on every node), which a test replaces
 * through {@link FidoMetadata#replace}.
 */
public final class TwoNodes implements ParameterResolver {

    /** Each node logs every expiry turn it runs or leaves to the other, so a late expiry can be explained. */
    static final String LOG = "INFO,io.github.zerotrust.keycloak.authn.elevation.ElevationExpiry:trace";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TwoNodes.class);

    /** The two nodes, either of which answers for the whole cluster, and the BLOB file both read. */
    public record Cluster(KeycloakServer a, KeycloakServer b, FidoMetadata fidoMetadata) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            b.stop();
            a.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("cluster", k -> start(extension), Cluster.class);
    }

    private static Cluster start(ExtensionContext extension) {
        KeycloakServer shared = KeycloakExtension.server(extension);
        ServerOptions.Database db = new ServerOptions.Database.Postgres(TestSettings.postgresUrl(), "zt_it", "zt_it");
        Path logs = TestSettings.work().resolve("logs");
        Path homeA = KeycloakHome.copyOf(shared.options().home(), TestSettings.work().resolve("home-cluster-a"));
        String geo = TestSettings.geoDatabase().toString();
        FidoMetadata metadata = new FidoMetadata(TestSettings.work().resolve("cluster-fido-metadata"));
        KeycloakServer a = new KeycloakServer(metadata.readBy(node(homeA, db, "cluster-a", geo)), logs).start();
        Path homeB = KeycloakHome.copyOf(homeA, TestSettings.work().resolve("home-cluster-b"));
        KeycloakServer b;
        try {
            b = new KeycloakServer(metadata.readBy(node(homeB, db, "cluster-b", geo)), logs).start();
        } catch (RuntimeException failed) {
            a.stop();
            throw failed;
        }
        return new Cluster(a, b, metadata);
    }

    /**
     * The cluster's FIDO Metadata Service: a test service's root, which both nodes trust, and the one BLOB file both
     * read (checked every second); it starts as BLOB no. 1 listing no model.
     */
    public static final class FidoMetadata {
        private final TestBlobs service = TestBlobs.es256();
        private final Path blob;
        private final Path root;
        private int number;

        FidoMetadata(Path dir) {
            try {
                Files.createDirectories(dir);
                blob = dir.resolve("blob.jwt");
                root = dir.resolve("root.der");
                Files.write(root, service.root().getEncoded());
            } catch (IOException | java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException("cannot write the cluster's FIDO metadata", e);
            }
            replace(List.of());
        }

        ServerOptions readBy(ServerOptions node) {
            return node.withOption("spi-zt-fido-metadata--file--blob", blob.toString())
                    .withOption("spi-zt-fido-metadata--file--root-certificate", root.toString())
                    .withOption("spi-zt-fido-metadata--file--check-interval-seconds", "1");
        }

        /** Puts the service's next BLOB (a higher number, next update in a month) listing {@code entries} in place. */
        public synchronized void replace(List<TestBlobs.Entry> entries) {
            number++;
            try {
                Files.writeString(blob, service.blob(number, LocalDate.now(ZoneOffset.UTC).plusDays(30), entries));
                // A replacement must look changed to the nodes even within one file-system time tick.
                Files.setLastModifiedTime(blob, FileTime.from(Instant.now().plusSeconds(number)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * One node of the cluster: production mode on PostgreSQL, Keycloak's default clustering (Infinispan, jdbc-ping),
     * the proxy settings and the country database. {@code docker/compose.yaml} and {@code docker/Dockerfile} are
     * checked against exactly these options ({@code DeploymentFilesTest}).
     */
    public static ServerOptions node(Path home, ServerOptions.Database db, String name, String geoDatabase) {
        return KeycloakExtension.withGeoDatabase(ServerOptions.h2(home).withDatabase(db).asNode(name, 0), geoDatabase)
                .withOption("log-level", LOG);
    }
}
