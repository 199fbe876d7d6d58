package io.github.zerotrust.keycloak.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** A webhook receiver on loopback that keeps what it is sent; or, when told to, never answers. */
public final class AlertReceiver implements AutoCloseable {

    public record Received(String body, String signature) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private AlertReceiver(boolean hang) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "alert-receiver");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/alerts", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Zero-Trust-Signature")));
                if (hang) {
                    try {
                        Thread.sleep(Duration.ofMinutes(5).toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AlertReceiver answering() {
        return new AlertReceiver(false);
    }

    public static AlertReceiver hanging() {
        return new AlertReceiver(true);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received await(Predicate<Received> match) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (Received r : received) {
                if (match.test(r)) {
                    return r;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("No matching alert arrived; received: " + received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
