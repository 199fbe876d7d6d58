package io.github.zerotrust.keycloak.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** The application a test signs in to: it only shows that the sign-in came back with a code. */
public final class AppServer implements AutoCloseable {

    private final HttpServer server;

    private AppServer(HttpServer server) {
        this.server = server;
    }

    public static AppServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = "<html><head><title>Test app</title></head><body><h1 id=\"signed-in\">Signed in</h1></body></html>"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new AppServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The redirect URI registered for the test client. */
    public String callback() {
        return "http://localhost:" + server.getAddress().getPort() + "/callback";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
