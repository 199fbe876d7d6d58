package io.github.zerotrust.keycloak.it.signals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.it.harness.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A poll transmitter (RFC 8936) played by the test, next to the signing {@link Transmitter}: {@code POST /poll} with a
 * static bearer token answers the queued SETs (at most {@code maxEvents}), removes what the request acknowledges or
 * reports in {@code setErrs}, and records every request. It can be down (503), answer too much, answer too slowly,
 * redirect elsewhere, or lose the next acknowledgement (it records it but keeps the SET, as if the answer never came).
 */
final class PollTransmitter implements AutoCloseable {

    enum Mode { UP, DOWN, HUGE, SLOW, REDIRECT }

    static final String TOKEN = "poll-bearer-" + java.util.UUID.randomUUID();

    final Transmitter signer;
    private final HttpServer server;
    private final Map<String, String> queue = new LinkedHashMap<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<Instant> arrivals = new ArrayList<>();
    private final List<Instant> refusals = new ArrayList<>();
    private final List<String> acks = new ArrayList<>();
    private final Map<String, JsonNode> setErrs = new LinkedHashMap<>();
    final AtomicInteger elsewhere = new AtomicInteger();
    private volatile Mode mode = Mode.UP;
    private boolean dropNextAck;
    private boolean downAfterNextSets;

    PollTransmitter(String issuer) {
        signer = new Transmitter(issuer);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/poll", this::poll);
        server.createContext("/jwks", exchange -> answer(exchange, 200, signer.jwks()));
        server.createContext("/elsewhere", exchange -> {
            elsewhere.incrementAndGet();
            answer(exchange, 200, "{\"sets\":{}}");
        });
        server.start();
    }

    String pollUrl() {
        return base() + "/poll";
    }

    String jwksUri() {
        return base() + "/jwks";
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues a SET under its jti, as a transmitter would. */
    synchronized String queue(Map<String, Object> claims, String token) {
        String jti = (String) claims.get("jti");
        queue.put(jti, token);
        return jti;
    }

    /** Queues a SET under a key of the test's choosing. */
    synchronized void queueUnder(String key, String token) {
        queue.put(key, token);
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    synchronized void dropNextAck() {
        dropNextAck = true;
    }

    synchronized void downAfterNextSets() {
        downAfterNextSets = true;
    }

    synchronized List<String> acks() {
        return List.copyOf(acks);
    }

    synchronized Map<String, JsonNode> setErrs() {
        return Map.copyOf(setErrs);
    }

    synchronized List<String> queued() {
        return List.copyOf(queue.keySet());
    }

    synchronized JsonNode request(int index) {
        return requests.get(index);
    }

    synchronized int requests() {
        return requests.size();
    }

    /** When each request arrived. */
    synchronized List<Instant> arrivals() {
        return List.copyOf(arrivals);
    }

    /** When the requests answered 503 arrived. */
    synchronized List<Instant> downArrivals() {
        return List.copyOf(refusals);
    }

    private void poll(HttpExchange exchange) throws IOException {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            request = Json.MAPPER.createObjectNode();
        }
        synchronized (this) {
            requests.add(request);
            arrivals.add(Instant.now());
        }
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"err\":\"authentication_failed\"}");
            return;
        }
        switch (mode) {
            case DOWN -> {
                synchronized (this) {
                    refusals.add(Instant.now());
                }
                answer(exchange, 503, "{}");
                return;
            }
            case REDIRECT -> {
                exchange.getResponseHeaders().add("Location", base() + "/elsewhere");
                answer(exchange, 302, "");
                return;
            }
            case SLOW -> {
                drip(exchange);
                return;
            }
            default -> {
            }
        }
        String body;
        synchronized (this) {
            for (JsonNode ack : request.path("ack")) {
                acks.add(ack.asText());
                if (dropNextAck) {
                    dropNextAck = false;
                } else {
                    queue.remove(ack.asText());
                }
            }
            request.path("setErrs").fields().forEachRemaining(e -> {
                setErrs.put(e.getKey(), e.getValue());
                queue.remove(e.getKey());
            });
            int max = request.path("maxEvents").asInt(100);
            Map<String, String> sets = new LinkedHashMap<>();
            queue.entrySet().stream().limit(max).forEach(e -> sets.put(e.getKey(), e.getValue()));
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("sets", sets);
            answer.put("moreAvailable", queue.size() > sets.size());
            if (mode == Mode.HUGE) {
                answer.put("padding", "x".repeat(5 * 1024 * 1024));
            }
            body = Json.write(answer);
            if (downAfterNextSets && !sets.isEmpty()) {
                downAfterNextSets = false;
                mode = Mode.DOWN;
            }
        }
        answer(exchange, 200, body);
    }

    /** Headers at once, then a byte a second: a transmitter that never quite finishes. */
    private static void drip(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"sets\":{".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 60; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(1000);
            }
        } catch (IOException | InterruptedException cutOff) {
            // The receiver hung up: what the test wants.
        } finally {
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        signer.close();
    }
}
