package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.outbound.OutboundRules;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook's delivery, with a plain Apache client where Keycloak hands out its HttpClientProvider's. */
class RiskAlertsTest {

    private static final RiskAlert ALERT = new RiskAlert(RiskAlert.TYPE, "acme", "user-1", "frank", "192.0.2.7", "GB", 80,
            "high", List.of(new RiskAlert.Reason("new-country", "GB", 40)), "2026-11-29T10:00:00Z");

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
    private final RiskAlerts alerts = new RiskAlerts(worker, Duration.ofMillis(10));
    private final CloseableHttpClient client = HttpClients.custom().disableCookieManagement().build();
    /** As a test server runs: the loopback receiver's host allowed, over plain http. */
    private final Outbound http = new Outbound(client, OutboundRules.parse("127.0.0.1", "127.0.0.0/8", true));
    private final List<String[]> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger elsewhere = new AtomicInteger();
    private HttpServer receiver;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new String[] {new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst(RiskAlerts.SIGNATURE_HEADER)});
            }
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        receiver.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", url("/elsewhere").toString());
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/elsewhere", exchange -> {
            elsewhere.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() throws IOException {
        receiver.stop(0);
        worker.shutdownNow();
        client.close();
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + path);
    }

    /** Polls, with a generous bound, until every handed-over alert is delivered or given up. */
    private void awaitQueueEmpty() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (alerts.pending() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(alerts.pending()).as("alerts still pending").isZero();
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheSignedAlertOnTheThirdAttempt() throws InterruptedException {
        failuresLeft.set(2);

        alerts.submit(http, url("/hook"), "webhook-secret", ALERT);
        awaitQueueEmpty();

        assertThat(received).hasSize(3);
        String body = received.get(0)[0];
        assertThat(body).contains("\"type\":\"zero-trust.high-risk-sign-in\"", "\"username\":\"frank\"");
        assertThat(received).allSatisfy(r -> {
            assertThat(r[0]).isEqualTo(body);
            assertThat(r[1]).isEqualTo("sha256=" + RiskAlerts.sign("webhook-secret", body));
        });
    }

    @Test
    void aReceiverThatNeverAcceptsIsTriedFourTimesThenGivenUp() throws InterruptedException {
        failuresLeft.set(Integer.MAX_VALUE);

        alerts.submit(http, url("/hook"), "", ALERT);
        awaitQueueEmpty();

        assertThat(received).hasSize(RiskAlerts.ATTEMPTS);
        assertThat(received).allSatisfy(r -> assertThat(r[1]).as("no secret, no signature").isNull());
    }

    @Test
    void aWebhookOnAHostTheOperatorDidNotListIsNeverCalled() throws InterruptedException {
        Outbound strict = new Outbound(client, OutboundRules.parse("hooks.example.com", "", false));

        alerts.submit(strict, url("/hook"), "webhook-secret", ALERT);
        awaitQueueEmpty();

        assertThat(received).as("nothing reached the receiver, not even once").isEmpty();
    }

    @Test
    void aRedirectIsNotFollowedSoTheAlertGoesToTheConfiguredReceiverOnly() throws InterruptedException {
        alerts.submit(http, url("/moved"), "webhook-secret", ALERT);
        awaitQueueEmpty();

        assertThat(elsewhere).hasValue(0);
    }
}
