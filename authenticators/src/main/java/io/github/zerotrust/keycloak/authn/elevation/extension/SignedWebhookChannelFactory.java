package io.github.zerotrust.keycloak.authn.elevation.extension;

import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProviderFactory;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code signed-webhook}: each new request is posted, signed, to a chat or ticketing tool
 * ({@code --spi-zt-elevation-approval--signed-webhook--url}), which shows it to the approvers and posts their
 * decision back, signed, to {@code /realms/{realm}/zero-trust/elevation/decisions}. The shared secret is the realm's
 * vault entry {@value SignedWebhookChannel#SECRET_KEY} (never a plain setting); without it nothing is sent and every
 * decision is refused. Posts go after the request is stored, off the caller's thread, through the operator's
 * outbound rules; a tool that is down only means the approvers are not told there.
 */
public final class SignedWebhookChannelFactory implements ApprovalChannelProviderFactory {

    public static final String ID = "signed-webhook";
    static final String URL = "url";
    static final String TIMEOUT_MS = "timeout-ms";
    static final int DEFAULT_TIMEOUT_MS = 5000;
    private static final int QUEUE = 200;
    private static final Logger LOG = Logger.getLogger(SignedWebhookChannelFactory.class);

    private URI url;
    private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MS);
    private ThreadPoolExecutor worker;

    @Override
    public ApprovalChannelProvider create(KeycloakSession session) {
        return new SignedWebhookChannel(session, url, timeout, worker, Outbound.of(session), KeycloakClock.get());
    }

    @Override
    public void init(Config.Scope config) {
        String configured = config.get(URL);
        if (configured != null && !configured.isBlank()) {
            try {
                url = URI.create(configured.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("--spi-zt-elevation-approval--signed-webhook--url is not a URL", e);
            }
        }
        int millis = config.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
        timeout = Duration.ofMillis(Math.max(100, Math.min(30_000, millis)));
        worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "zero-trust-approval-webhook");
            t.setDaemon(true);
            return t;
        }, (task, pool) -> LOG.warn("Approval webhook queue full; a request was not posted to the approval tool"));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (url == null) {
            LOG.debug("signed-webhook approval channel: no url; it posts nothing and takes no decisions");
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(URL).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Where new requests are posted (https, a host the outbound rules allow). Default: none"
                        + " (the channel posts nothing and refuses decisions).").add()
                .property().name(TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_TIMEOUT_MS)
                .helpText("Timeout of each phase of a post, in milliseconds (100 to 30,000). Default: 5000.").add()
                .build();
    }
}
