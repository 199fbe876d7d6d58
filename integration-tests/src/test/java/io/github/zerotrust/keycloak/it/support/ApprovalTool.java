package io.github.zerotrust.keycloak.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A chat and ticketing tool on loopback, as a company would plug in: {@code /chat} takes the requests the suite
 * posts (and keeps them with their signature headers), {@code /tickets/<ref>} answers whether a ticket is open.
 * It signs its decisions the way the contract says (HMAC-SHA256 over {@code <timestamp>.<body>}), written here
 * independently of the suite's own code.
 */
public final class ApprovalTool implements AutoCloseable {

    public record Posted(String body, String timestamp, String signature) {
    }

    /** A ticket lookup as it arrived. */
    public record Lookup(String path, String authorization) {
    }

    private final HttpServer server;
    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private final List<Lookup> lookups = new CopyOnWriteArrayList<>();
    private final Map<String, String> tickets = new ConcurrentHashMap<>();

    public ApprovalTool() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "approval-tool");
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/chat", exchange -> {
                posted.add(new Posted(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("X-Zero-Trust-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-Zero-Trust-Signature")));
                answer(exchange, 200, "{}");
            });
            server.createContext("/tickets/", this::ticket);
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the tool answers for a ticket: {@code open}, {@code closed}, {@code slow}, {@code broken}; unknown ones are 404. */
    public ApprovalTool ticket(String reference, String state) {
        tickets.put(reference, state);
        return this;
    }

    private void ticket(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        lookups.add(new Lookup(path, exchange.getRequestHeaders().getFirst("Authorization")));
        String reference = java.net.URLDecoder.decode(path.substring("/tickets/".length()), StandardCharsets.UTF_8);
        switch (tickets.getOrDefault(reference, "unknown")) {
            case "open" -> answer(exchange, 200, "{\"open\": true, \"title\": \"" + reference + "\"}");
            case "closed" -> answer(exchange, 200, "{\"open\": false}");
            case "broken" -> answer(exchange, 500, "{\"open\": true}");
            case "slow" -> {
                try {
                    Thread.sleep(Duration.ofSeconds(20).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200, "{\"open\": true}");
            }
            default -> answer(exchange, 404, "");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Lookup> lookups() {
        return List.copyOf(lookups);
    }

    public Posted awaitPost(Predicate<Posted> match) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (Posted p : posted) {
                if (match.test(p)) {
                    return p;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("No matching post arrived at the approval tool; it got: " + posted);
    }

    /** The contract's signature: {@code sha256=} and the hex HMAC-SHA256 of {@code <timestamp>.<body>}. */
    public static String signature(byte[] secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a decision back the way the tool would, signed at {@code at} with {@code secret}. */
    public static HttpResult sendDecision(String decisionUrl, byte[] secret, Instant at, String body) {
        long timestamp = at.getEpochSecond();
        return Http.sendJson("POST", decisionUrl, body, Map.of("X-Zero-Trust-Timestamp", Long.toString(timestamp),
                "X-Zero-Trust-Signature", signature(secret, timestamp, body)));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
