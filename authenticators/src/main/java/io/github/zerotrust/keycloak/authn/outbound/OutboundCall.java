package io.github.zerotrust.keycloak.authn.outbound;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.HttpEntity;
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
 * {@code maxBytes} of the answer read. Redirects are not followed (a bearer token or a signature goes to the
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
     * @throws SocketTimeoutException when any phase or the whole exchange took too long
     * @throws IOException            when the other side cannot be reached or broke off
     */
    public static Answer send(HttpClient client, HttpRequestBase request, Duration timeout, int maxBytes)
            throws IOException {
        request.setConfig(config(timeout));
        AtomicBoolean cutOff = new AtomicBoolean();
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            cutOff.set(true);
            request.abort();
        }, timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        HttpResponse response = null;
        try {
            response = client.execute(request);
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
