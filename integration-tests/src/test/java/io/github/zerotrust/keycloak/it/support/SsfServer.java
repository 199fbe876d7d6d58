package io.github.zerotrust.keycloak.it.support;

import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The one server of this test JVM with Keycloak's Shared Signals transmitter ({@code --features=ssf}, a build option,
 * so a home of its own), started on first use and stopped when the JVM's tests are done; each test class works in
 * realms of its own. No file vault: Keycloak 26.7.3's transmitter cannot deliver from a server that has one (its
 * outbox drainer has no realm for the vault). Push targets over http on loopback are allowed, as tests need; the test
 * GeoIP database is set, as on the shared server.
 */
public final class SsfServer implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SsfServer.class);

    /** The server, as a parameter type of its own (a {@link KeycloakServer} parameter is the shared server). */
    public record Node(KeycloakServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Node.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("ssf", k -> start(), Node.class);
    }

    private static Node start() {
        Path home = KeycloakHome.prepare(TestSettings.distribution(), TestSettings.work().resolve("home-ssf"),
                List.of(TestSettings.bundle()));
        return new Node(new KeycloakServer(KeycloakExtension.withGeoDatabase(ServerOptions.h2(home).asNode("ssf", 0)
                .withoutVault()
                .withBuildOption("features", "ssf")
                .withOption("spi-ssf-transmitter--default--allow-insecure-push-targets", "true"),
                TestSettings.geoDatabase().toString()), TestSettings.work().resolve("logs")).start());
    }
}
