package io.github.zerotrust.keycloak.it.support;

import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives cluster tests the one two-node cluster of this test JVM: two Keycloak nodes (copies of the shared server's
 * home, so the same bundle) on one PostgreSQL database, clustered by Keycloak's own Infinispan (jdbc-ping), started
 * on first use and stopped when the JVM's tests are done. Each test class works in a realm of its own.
 */
public final class TwoNodes implements ParameterResolver {

    /** Each node logs every expiry turn it runs or leaves to the other, so a late expiry can be explained. */
    static final String LOG = "INFO,io.github.zerotrust.keycloak.authn.elevation.ElevationExpiry:trace";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TwoNodes.class);

    /** The two nodes; either answers for the whole cluster. */
    public record Cluster(KeycloakServer a, KeycloakServer b) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
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
        KeycloakServer a = new KeycloakServer(node(homeA, db, "cluster-a", geo), logs).start();
        Path homeB = KeycloakHome.copyOf(homeA, TestSettings.work().resolve("home-cluster-b"));
        KeycloakServer b;
        try {
            b = new KeycloakServer(node(homeB, db, "cluster-b", geo), logs).start();
        } catch (RuntimeException failed) {
            a.stop();
            throw failed;
        }
        return new Cluster(a, b);
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
