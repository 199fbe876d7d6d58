package io.github.zerotrust.keycloak.authn.outbound;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import io.github.zerotrust.keycloak.outbound.OutboundJudgement;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.CookieSpecs;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpRequestBase;

/**
 * One call from the suite to a system outside Keycloak (an MDM, an alert webhook), through the client of
 * Keycloak's {@code HttpClientProvider}, so the server's truststore and proxy settings apply. The call is
 * bounded: connecting, waiting for a connection of the pool and each read within {@code timeout}, the whole
 * exchange within twice that (a receiver that drips its answer byte by byte is cut off), at most
 * {@code maxBytes} of the answer read. Only URLs the operator's {@link io.github.zerotrust.keycloak.outbound.OutboundRules}
 * allow are called, at the addresses that were judged. Redirects are not followed (a bearer token or a signature goes to the
 * configured host only) and cookies are neither sent nor kept.
 *
 * <p>Holds no Keycloak types: the caller hands in the client, so the rest is tested with a plain one.
 */
public final class OutboundCall {

    // One daemon thread that cuts calls off at their deadline; it only ever calls abort().
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zero-trust-outbound-deadline");
        t.setDaemon(true);
        return t;
    });

    private OutboundCall() {
    }

    /**
     * What the other side answered.
     *
     * @param body      at most {@code maxBytes} of it
     * @param oversized whether the answer went on beyond {@code maxBytes}
     */
    public record Answer(int status, byte[] body, boolean oversized) {
    }

    /** Closing without reading the rest drops the connection instead of draining an answer of any length. */
    private static void release(HttpRequestBase request, HttpResponse response) {
        if (response instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // The connection is gone either way.
            }
        } else {
            request.releaseConnection();
        }
    }

    /** The per-request settings that make the call bounded; the client's own defaults do not apply. */
    public static RequestConfig config(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return RequestConfig.custom()
                .setConnectTimeout(millis)
                .setConnectionRequestTimeout(millis)
                .setSocketTimeout(millis)
                .setRedirectsEnabled(false)
                .setCookieSpec(CookieSpecs.IGNORE_COOKIES)
                .setAuthenticationEnabled(false)
                .build();
    }

    /**
     * Sends the request and reads at most {@code maxBytes} of the answer (0: none, only the status).
     *
     * @throws OutboundRefused        when the operator's rules do not allow the URL (nothing is sent)
     * @throws SocketTimeoutException when any phase or the whole exchange took too long
     * @throws IOException            when the other side cannot be reached or broke off
     */
    public static Answer send(Outbound out, HttpRequestBase request, Duration timeout, int maxBytes)
            throws IOException {
        OutboundJudgement judgement = out.rules().judge(request.getURI().toString(), OutboundCall::resolve);
        if (!judgement.isAllowed()) {
            throw new OutboundRefused(judgement.refusal().orElseThrow(), judgement.detail());
        }
        URI uri = judgement.uri().orElseThrow();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        // Connect to the address that was judged (not to whatever a second DNS answer says); the name still serves
        // TLS (SNI, certificate check) and the Host header.
        HttpHost target = new HttpHost(judgement.addresses().get(0), judgement.host(), port, uri.getScheme());
        return send(out.client(), target, request, timeout, maxBytes);
    }

    private static List<InetAddress> resolve(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static Answer send(HttpClient client, HttpHost target, HttpRequestBase request, Duration timeout, int maxBytes)
            throws IOException {
        request.setConfig(config(timeout));
        AtomicBoolean cutOff = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            cutOff.set(true);
            request.abort();
        }, timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        HttpResponse response = null;
        try {
            response = client.execute(target, request);
            byte[] body = new byte[0];
            HttpEntity entity = response.getEntity();
            if (maxBytes > 0 && entity != null) {
                try (InputStream in = entity.getContent()) {
                    body = in.readNBytes(maxBytes + 1);
                }
            }
            boolean oversized = body.length > maxBytes;
            return new Answer(response.getStatusLine().getStatusCode(),
                    oversized ? Arrays.copyOf(body, maxBytes) : body, oversized);
        } catch (IOException | RuntimeException e) {
            if (cutOff.get()) {
                SocketTimeoutException late = new SocketTimeoutException("no complete answer within "
                        + timeout.toMillis() * 2 + " ms");
                late.initCause(e);
                throw late;
            }
            throw e;
        } finally {
            deadline.cancel(false);
            release(request, response);
        }
    }
}
