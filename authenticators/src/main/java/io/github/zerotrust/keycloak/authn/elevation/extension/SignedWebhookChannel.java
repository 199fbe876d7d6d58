package io.github.zerotrust.keycloak.authn.elevation.extension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.authn.outbound.OutboundRefused;
import io.github.zerotrust.keycloak.elevation.Decision;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.WebhookSignature;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.ApprovalNotice;
import io.github.zerotrust.keycloak.spi.DecisionRefused;
import io.github.zerotrust.keycloak.spi.SignedMessage;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.vault.VaultRawSecret;

/** One session's view of the signed webhook channel; see {@link SignedWebhookChannelFactory}. */
final class SignedWebhookChannel implements ApprovalChannelProvider {

    /** The realm's vault entry holding the shared secret: {@code ${vault.zt-elevation-webhook-secret}}. */
    static final String SECRET_KEY = "zt-elevation-webhook-secret";
    static final String TYPE = "zero-trust.elevation-request";
    /** The largest decision read: an id, a request id, an approver and a comment of 500 characters fit many times. */
    static final int MAX_DECISION_BYTES = 8 * 1024;
    private static final Logger LOG = Logger.getLogger(SignedWebhookChannel.class);

    private final KeycloakSession session;
    private final URI url;
    private final Duration timeout;
    private final Executor worker;
    private final Outbound outbound;
    private final Clock clock;

    SignedWebhookChannel(KeycloakSession session, URI url, Duration timeout, Executor worker, Outbound outbound, Clock clock) {
        this.session = session;
        this.url = url;
        this.timeout = timeout;
        this.worker = worker;
        this.outbound = outbound;
        this.clock = clock;
    }

    @Override
    public void opened(ApprovalNotice notice) {
        if (url == null) {
            LOG.warnf("Realm %s: the signed-webhook approval channel has no url; request %s not posted",
                    notice.realm().getName(), notice.request().id());
            return;
        }
        Optional<byte[]> secret = secret(notice.realm());
        if (secret.isEmpty()) {
            LOG.warnf("Realm %s: no usable vault entry %s (at least %d bytes); request %s not posted to the approval tool",
                    notice.realm().getName(), SECRET_KEY, WebhookSignature.MIN_SECRET_BYTES, notice.request().id());
            return;
        }
        byte[] body = body(notice);
        String realmName = notice.realm().getName();
        RecordId requestId = notice.request().id();
        // After the commit: the tool may answer at once, and the request must be there for its decision.
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                worker.execute(() -> post(realmName, requestId, secret.get(), body));
            }

            @Override
            protected void rollbackImpl() {
                Arrays.fill(secret.get(), (byte) 0);
            }
        });
    }

    private void post(String realmName, RecordId requestId, byte[] secret, byte[] body) {
        try {
            long timestamp = clock.instant().getEpochSecond();
            HttpPost request = new HttpPost(url);
            request.setHeader("User-Agent", "keycloak-zero-trust");
            request.setHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            request.setHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
            request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
            int status = OutboundCall.send(outbound, request, timeout, 0).status();
            if (status < 200 || status > 299) {
                LOG.warnf("Realm %s: the approval tool answered %d to request %s", realmName, status, requestId);
            }
        } catch (OutboundRefused e) {
            LOG.warnf("Realm %s: request %s not posted to the approval tool: %s", realmName, requestId, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Realm %s: request %s could not be posted to the approval tool: %s", realmName, requestId, e.getMessage());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** What the tool gets: the request as approvers need to judge it, who may answer, and where to answer. */
    private byte[] body(ApprovalNotice notice) {
        ElevationRequest r = notice.request();
        ObjectNode json = JsonFormat.strict().createObjectNode();
        json.put("type", TYPE);
        json.put("realm", notice.realm().getName());
        ObjectNode request = json.putObject("request");
        request.put("id", r.id().toString());
        request.put("role", r.ask().role().toString());
        request.put("requester", notice.requester().getUsername());
        request.put("durationMinutes", r.ask().duration().toMinutes());
        request.put("justification", r.ask().justification());
        r.ask().ticket().ifPresent(t -> request.put("ticket", t));
        request.put("approvalsRequired", r.approvalsRequired());
        request.put("lapsesAt", r.lapsesAt().toString());
        r.extending().ifPresent(e -> request.put("extending", e.toString()));
        ArrayNode approvers = json.putArray("approvers");
        notice.approvers().stream().map(UserModel::getUsername).forEach(approvers::add);
        json.put("decisionUrl", session.getContext().getUri().getBaseUriBuilder().path("realms").path(notice.realm().getName())
                .path("zero-trust").path("elevation").path("decisions").build().toString());
        try {
            return JsonFormat.strict().writeValueAsBytes(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public boolean acceptsDecisions() {
        return true;
    }

    @Override
    public Decision decision(SignedMessage message) throws DecisionRefused {
        if (url == null) {
            throw new DecisionRefused("channel-not-configured", "The approval tool channel is not configured.");
        }
        if (message.body().length > MAX_DECISION_BYTES) {
            throw new DecisionRefused("unreadable-decision", "The decision is larger than " + MAX_DECISION_BYTES + " bytes.");
        }
        byte[] secret = secret(message.realm()).orElseThrow(() -> new DecisionRefused("channel-not-configured",
                "The realm has no shared secret for the approval tool."));
        WebhookSignature.Check check;
        try {
            check = WebhookSignature.verify(secret, message.timestamp(), message.signature(), message.body(), clock.instant());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        switch (check) {
            case VALID -> {
            }
            case STALE -> throw new DecisionRefused("stale-decision", "The decision's timestamp is more than "
                    + WebhookSignature.TOLERANCE.toMinutes() + " minutes away from the server's time.");
            default -> throw new DecisionRefused("bad-signature", "The decision is not signed with the realm's shared secret.");
        }
        Decision decision = parse(message.body());
        // Seen ids are kept cluster-wide for twice the tolerance: a message inside the window is taken once.
        String key = "zt-elevation-decision:" + message.realm().getId() + ":" + decision.id();
        if (!session.singleUseObjects().putIfAbsent(key, WebhookSignature.TOLERANCE.multipliedBy(2).toSeconds())) {
            throw new DecisionRefused("replayed-decision", "This decision was received before.");
        }
        return decision;
    }

    /** {@code {"id", "request", "decision": "approve"|"deny", "approver", "comment"}}, nothing else. */
    static Decision parse(byte[] body) throws DecisionRefused {
        JsonNode json;
        try {
            json = JsonFormat.strict().readTree(body);
        } catch (IOException e) {
            throw new DecisionRefused("unreadable-decision", "The decision is not one JSON object.");
        }
        if (json == null || !json.isObject()) {
            throw new DecisionRefused("unreadable-decision", "The decision is not one JSON object.");
        }
        for (var names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!java.util.Set.of("id", "request", "decision", "approver", "comment").contains(name)) {
                throw new DecisionRefused("unreadable-decision", "The decision has an unknown field.");
            }
        }
        String decision = json.path("decision").asText("");
        Optional<RecordId> request = json.path("request").isTextual() ? RecordId.parse(json.path("request").asText())
                : Optional.empty();
        if (!json.path("id").isTextual() || !json.path("approver").isTextual() || request.isEmpty()
                || !(decision.equals("approve") || decision.equals("deny"))
                || json.has("comment") && !json.path("comment").isTextual()) {
            throw new DecisionRefused("unreadable-decision", "A decision is {\"id\", \"request\", \"decision\": \"approve\" or"
                    + " \"deny\", \"approver\", \"comment\"}.");
        }
        try {
            return new Decision(json.path("id").asText(), request.get(), decision.equals("approve"),
                    json.path("approver").asText(), Optional.ofNullable(json.path("comment").textValue()));
        } catch (IllegalArgumentException e) {
            throw new DecisionRefused("unreadable-decision", "The decision's id or approver is not usable.");
        }
    }

    /** The realm's shared secret, read from the vault by its fixed name; too short counts as none. */
    private Optional<byte[]> secret(RealmModel realm) {
        try (VaultRawSecret raw = session.vault().getRawSecret("${vault." + SECRET_KEY + "}")) {
            Optional<ByteBuffer> value = raw.get();
            if (value.isEmpty()) {
                return Optional.empty();
            }
            ByteBuffer buffer = value.get().duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            byte[] secret = trimmed(bytes);
            return secret.length < WebhookSignature.MIN_SECRET_BYTES ? Optional.empty() : Optional.of(secret);
        }
    }

    /** A vault file written with an editor ends with a line break that is not part of the secret. */
    private static byte[] trimmed(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }
}
