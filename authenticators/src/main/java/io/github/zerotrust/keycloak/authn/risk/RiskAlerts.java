package io.github.zerotrust.keycloak.authn.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.authn.outbound.OutboundRefused;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.vault.VaultStringSecret;

/**
 * Delivers alerts to the configured webhook from one background thread per node: a bounded queue,
 * retries with backoff, short timeouts, through the HTTP client of Keycloak's {@code HttpClientProvider}
 * (the server's truststore and proxy settings). A sign-in only hands the alert over (after its transaction
 * commits); a slow, failing or hanging receiver never slows or fails it.
 */
final class RiskAlerts {

    static final int MAX_PENDING = 1000;
    static final int ATTEMPTS = 4;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final String SIGNATURE_HEADER = "X-Zero-Trust-Signature";

    private static final Logger LOG = Logger.getLogger(RiskAlerts.class);
    private static final ObjectMapper JSON = JsonFormat.strict();
    private static final RiskAlerts INSTANCE = new RiskAlerts(Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zero-trust-alerts");
        t.setDaemon(true);
        return t;
    }), FIRST_BACKOFF);

    private final ScheduledExecutorService worker;
    private final Duration firstBackoff;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** Realms told on this node that their webhook secret is in plain text: once each, not at every alert. */
    private final Set<String> plainWarned = ConcurrentHashMap.newKeySet();

    /** @param firstBackoff the wait before the second attempt; it doubles for each one after */
    RiskAlerts(ScheduledExecutorService worker, Duration firstBackoff) {
        this.worker = worker;
        this.firstBackoff = firstBackoff;
    }

    static RiskAlerts get() {
        return INSTANCE;
    }

    void raise(KeycloakSession session, RiskStepConfig config, RiskAlert alert) {
        raise(session, session.getContext().getRealm(), config, alert);
    }

    /** Hands the alert to the realm's webhook and e-mail group, if it has them, after the transaction ends. */
    void raise(KeycloakSession session, RealmModel realm, RiskStepConfig config, RiskAlert alert) {
        if (config.webhook().isEmpty() && config.emailGroup().isEmpty()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        // Read now, in the request's session (the vault is the realm's); held only until the alert is sent.
        Optional<String> secret = config.webhook().isPresent() ? signingKey(session, realm, config.webhookSecret()) : Optional.empty();
        // The provider's client belongs to its factory, is thread-safe and outlives this session.
        Outbound http = secret.isPresent() ? Outbound.of(session) : null;
        Runnable send = () -> {
            config.webhook().filter(target -> secret.isPresent()).ifPresent(target -> submit(http, target, secret.get(), alert));
            config.emailGroup().ifPresent(group -> mail(factory, realmId, group, alert));
        };
        session.getTransactionManager().enlistAfterCompletion(new org.keycloak.models.AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                send.run();
            }

            @Override
            protected void rollbackImpl() {
                send.run();
            }
        });
    }

    /**
     * The key the webhook's alerts are signed with ("" for none), or empty when the webhook must not be called: the
     * setting names another vault key, or the vault has no {@value WebhookSecret#VAULT_KEY} for the realm.
     */
    private Optional<String> signingKey(KeycloakSession session, RealmModel realm, WebhookSecret secret) {
        switch (secret.source()) {
            case NONE:
                return Optional.of("");
            case PLAIN:
                if (plainWarned.add(realm.getId())) {
                    LOG.warnf("Realm %s: %s", realm.getName(), secret.problem().orElseThrow());
                }
                return Optional.of(secret.plain());
            case VAULT:
                try (VaultStringSecret stored = session.vault().getStringSecret(WebhookSecret.VAULT_REFERENCE)) {
                    Optional<String> key = stored.get().filter(value -> !value.isEmpty() && !value.equals(WebhookSecret.VAULT_REFERENCE));
                    if (key.isEmpty()) {
                        LOG.warnf("Realm %s: the vault holds no %s; the alert webhook is not called", realm.getName(),
                                WebhookSecret.VAULT_KEY);
                    }
                    return key;
                } catch (RuntimeException e) {
                    LOG.warnf("Realm %s: the vault could not be read for %s (%s); the alert webhook is not called",
                            realm.getName(), WebhookSecret.VAULT_KEY, e.getClass().getSimpleName());
                    return Optional.empty();
                }
            default:
                LOG.warnf("Realm %s: %s", realm.getName(), secret.problem().orElseThrow());
                return Optional.empty();
        }
    }

    /** E-mails the alert to the group's members who have a verified address, through the realm's SMTP settings. */
    void mail(KeycloakSessionFactory factory, String realmId, String groupPath, RiskAlert alert) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        worker.execute(() -> {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    RealmModel realm = s.realms().getRealm(realmId);
                    if (realm == null) {
                        return;
                    }
                    s.getContext().setRealm(realm);
                    GroupModel group = KeycloakModelUtils.findGroupByPath(s, realm, groupPath);
                    if (group == null) {
                        LOG.warnf("Realm %s: alert e-mail group %s does not exist", realm.getName(), groupPath);
                        return;
                    }
                    String subject = AlertMail.subject(alert);
                    String text = AlertMail.text(alert);
                    EmailSenderProvider sender = s.getProvider(EmailSenderProvider.class);
                    s.users().getGroupMembersStream(realm, group)
                            .filter(u -> u.getEmail() != null && u.isEmailVerified())
                            .forEach(u -> {
                                try {
                                    sender.send(realm.getSmtpConfig(), u.getEmail(), subject, text, null);
                                } catch (EmailException e) {
                                    LOG.warnf("Realm %s: alert e-mail to a member of %s failed: %s", realm.getName(), groupPath,
                                            e.getMessage());
                                }
                            });
                });
            } catch (RuntimeException e) {
                LOG.warnf("Alert e-mails failed: %s", e.getMessage());
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    void submit(Outbound http, URI target, String secret, RiskAlert alert) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            long lost = dropped.incrementAndGet();
            if (lost == 1 || lost % 100 == 0) {
                LOG.warnf("Zero Trust alert queue is full (%d pending); %d alert(s) dropped so far", MAX_PENDING, lost);
            }
            return;
        }
        String body;
        try {
            body = JSON.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            pending.decrementAndGet();
            LOG.error("Cannot write a risk alert", e);
            return;
        }
        worker.execute(() -> deliver(http, target, secret, body, 1));
    }

    private void deliver(Outbound http, URI target, String secret, String body, int attempt) {
        boolean delivered = false;
        try {
            HttpPost request = new HttpPost(target);
            request.setHeader("User-Agent", "keycloak-zero-trust");
            request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            if (!secret.isEmpty()) {
                request.setHeader(SIGNATURE_HEADER, "sha256=" + sign(secret, body));
            }
            // The answer's body is not read: a receiver cannot keep this thread busy with it.
            int status = OutboundCall.send(http, request, TIMEOUT, 0).status();
            delivered = status >= 200 && status < 300;
            if (!delivered) {
                LOG.debugf("Alert webhook answered %d (attempt %d)", status, attempt);
            }
        } catch (OutboundRefused e) {
            pending.decrementAndGet();
            LOG.warnf("Zero Trust alert to %s not sent: %s", target.getHost(), e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            LOG.debugf("Alert webhook failed (attempt %d): %s", attempt, e.getMessage());
        }
        if (delivered || attempt >= ATTEMPTS) {
            pending.decrementAndGet();
            if (!delivered) {
                LOG.warnf("Zero Trust alert to %s not delivered after %d attempts", target.getHost(), ATTEMPTS);
            }
            return;
        }
        long delay = firstBackoff.toMillis() << (attempt - 1);
        worker.schedule(() -> deliver(http, target, secret, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }

    /** Alerts and e-mails handed over and not yet delivered or given up on. */
    int pending() {
        return pending.get();
    }

    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
