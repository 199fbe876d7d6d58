package io.github.zerotrust.keycloak.it.support;

import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.ServerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives tests the one shared Keycloak of this test JVM: the real distribution with the bundle and
 * the test GeoIP database, started on first use and stopped when the JVM's tests are done.
 * A failing test names the server's log file.
 */
public final class KeycloakExtension implements ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    /** The server every test class shares. */
    public static KeycloakServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", k -> new SharedServer(startShared()), SharedServer.class).server;
    }

    private record SharedServer(KeycloakServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    private static KeycloakServer startShared() {
        Path home = KeycloakHome.prepare(TestSettings.distribution(), TestSettings.work().resolve("home"),
                List.of(TestSettings.bundle()));
        // Guest expiry turns every 2 s instead of every minute, so GuestIT sees access end within its wait.
        ServerOptions options = withGeoDatabase(ServerOptions.h2(home), TestSettings.geoDatabase().toString())
                .withOption("spi-authenticator--zt-guest-access--expiry-interval-seconds", "2");
        return new KeycloakServer(options, TestSettings.work().resolve("logs")).start();
    }

    public static ServerOptions withGeoDatabase(ServerOptions options, String database) {
        return options.withOption("spi-zt-geo-locator--mmdb--database", database);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == AdminApi.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        KeycloakServer server = server(extension);
        return parameter.getParameter().getType() == AdminApi.class ? server.admin() : server;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        KeycloakServer server = server(context);
        throwable.addSuppressed(new KeycloakLog("Keycloak log: " + server.logFile()));
        throw throwable;
    }

    /** Carries the log's path into the failure report. */
    private static final class KeycloakLog extends Exception {
        KeycloakLog(String message) {
            super(message, null, false, false);
        }
    }
}
