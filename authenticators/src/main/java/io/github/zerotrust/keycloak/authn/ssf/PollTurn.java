package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.authn.outbound.OutboundRefused;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.PollBackOff;
import io.github.zerotrust.keycloak.ssf.PollDelivery;
import io.github.zerotrust.keycloak.ssf.SetError;
import io.github.zerotrust.keycloak.ssf.SetRefused;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.vault.VaultStringSecret;

/**
 * One turn of polling one transmitter (RFC 8936): ask for up to {@code maxEvents} SETs with {@code returnImmediately},
 * carrying the acknowledgements and errors of the SETs taken so far; take each SET through {@link SetIntake} (the same
 * checks and actions as a push), each in a transaction of its own; ask again while the transmitter has more or while
 * acknowledgements are pending, within {@link #BUDGET}. The state ({@link PollState}) is saved before each request,
 * so a node that dies mid-turn loses nothing: what it took is acknowledged by the next turn, anywhere.
 *
 * <p>A failure (cannot connect, a timeout, a status other than 200, an answer too large or not a poll answer) ends the
 * turn: the pending acknowledgements are kept, the next attempt waits for {@link PollBackOff}, and it is an event; the
 * first failure of an outage is a WARN in the log, its end an INFO, so a long outage does not fill the log.
 */
final class PollTurn {

    /** How long one turn may keep asking (Keycloak's timer thread is shared). */
    static final Duration BUDGET = Duration.ofSeconds(20);
    static final int MAX_REQUESTS = 20;
    /** Per phase of each call; the whole call gets twice that. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** An answer with 1,000 SETs of a few KiB each fits; a hostile transmitter's endless answer does not. */
    static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    static final int MAX_TOKEN_ANSWER_BYTES = 64 * 1024;
    /** A key of the answer's {@code sets} longer than this is not echoed back in {@code setErrs}. */
    static final int MAX_KEY = 256;
    private static final Logger LOG = Logger.getLogger(PollTurn.class);

    private final KeycloakSessionFactory factory;
    private final Clock clock;
    private final String realmId;
    private final String alias;

    PollTurn(KeycloakSessionFactory factory, Clock clock, String realmId, String alias) {
        this.factory = factory;
        this.clock = clock;
        this.realmId = realmId;
        this.alias = alias;
    }

    /** A failure of the exchange, as a sentence that names no token, no secret and no SET. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    /** What the turn needs from the realm, read once in a transaction: the settings, the secrets resolved, the way out. */
    private record Setup(String realmName, TransmitterSettings transmitter, Outbound outbound, String secret, PollState state) {
    }

    /**
     * Polls if the transmitter is due (or {@code force}: an admin asked); runs under the cluster claim of this
     * transmitter, so the state read here is the state the last turn, on any node, left.
     *
     * @return whether a poll was made
     */
    boolean run(boolean force) {
        Instant now = clock.instant();
        Setup setup;
        try {
            setup = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> setup(session, now, force));
        } catch (RuntimeException e) {
            // Neither a failure of the transmitter nor a reason for a 500 on "poll now": the next turn tries again.
            LOG.errorf(e, "Could not prepare the poll of Shared Signals transmitter %s", alias);
            return false;
        }
        if (setup == null) {
            return false;
        }
        PollState state = setup.state().attempted(now);
        save(state);
        PollDelivery poll = setup.transmitter().poll();
        int before = state.failures();
        try {
            if (setup.secret() == null) {
                throw new Failure("the vault has no secret for the configured reference");
            }
            String authorization = PollAuthorization.header(setup.outbound(), poll, setup.secret());
            state = exchange(setup, authorization, state, now);
            state = state.succeeded(clock.instant(), clock.instant().plus(poll.interval()));
            save(state);
            if (before > 0) {
                LOG.infof("Realm %s: Shared Signals transmitter %s answers polls again after %d failure(s)", setup.realmName(), alias, before);
                record(session -> ReceivedSets.pollRecovered(session, session.getContext().getRealm(), setup.transmitter(), before));
            }
        } catch (Failure failure) {
            // What this turn took before it failed is in the store (saved before each request): keep it.
            state = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> PollState.read(session, realmId, alias));
            Instant next = clock.instant().plus(PollBackOff.delay(poll.interval(), before + 1, ThreadLocalRandom.current().nextDouble()));
            state = state.failed(failure.getMessage(), next);
            save(state);
            if (before == 0) {
                LOG.warnf("Realm %s: polling Shared Signals transmitter %s failed (%s); retried with back-off, next at %s. "
                        + "Further failures of this outage are events only", setup.realmName(), alias, failure.getMessage(), next);
            }
            int failures = state.failures();
            record(session -> ReceivedSets.pollFailed(session, session.getContext().getRealm(), setup.transmitter(),
                    failure.getMessage(), failures));
        }
        return true;
    }

    private Setup setup(KeycloakSession session, Instant now, boolean force) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return null;
        }
        TransmitterSettings transmitter = Transmitters.find(realm, alias).filter(TransmitterSettings::isPolled).orElse(null);
        if (transmitter == null) {
            return null;
        }
        PollState state = PollState.read(session, realmId, alias);
        if (!force && !state.isDue(now)) {
            return null;
        }
        // The vault resolves a reference in the realm's name space.
        session.getContext().setRealm(realm);
        PollDelivery poll = transmitter.poll();
        String stored = poll.usesClientCredentials() ? poll.clientSecret() : poll.bearerToken();
        // A vault reference ${vault.key} is resolved here; any other value is the secret itself.
        String secret;
        try (VaultStringSecret resolved = session.vault().getStringSecret(stored)) {
            secret = resolved.get().orElse(null);
        } catch (RuntimeException noVault) {
            secret = null;
        }
        return new Setup(realm.getName(), transmitter, Outbound.of(session), secret, state);
    }

    private PollState exchange(Setup setup, String authorization, PollState start, Instant now) throws Failure {
        PollState state = start;
        Instant deadline = now.plus(BUDGET);
        for (int request = 0; request < MAX_REQUESTS && clock.instant().isBefore(deadline); request++) {
            JsonNode answer = ask(setup, authorization, state);
            // The transmitter has the acknowledgements and errors it was sent: they are done.
            state = state.pending(List.of(), Map.of());
            save(state);
            JsonNode sets = answer.path("sets");
            List<String> acks = new ArrayList<>();
            Map<String, Map<String, String>> errors = new LinkedHashMap<>();
            int taken = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = sets.fields(); it.hasNext() && taken < setup.transmitter().poll().maxEvents(); taken++) {
                Map.Entry<String, JsonNode> entry = it.next();
                take(setup, entry.getKey(), entry.getValue(), acks, errors);
            }
            state = state.pending(acks, errors);
            save(state);
            boolean more = answer.path("moreAvailable").asBoolean(false);
            if (!more && !state.hasPending()) {
                break;
            }
        }
        return state;
    }

    /** One SET of an answer, in a transaction of its own: acknowledged when taken, else reported with its RFC code. */
    private void take(Setup setup, String key, JsonNode value, List<String> acks, Map<String, Map<String, String>> errors) {
        SetRefused refusal;
        if (!value.isTextual() || value.asText().length() > io.github.zerotrust.keycloak.ssf.SecurityEventToken.MAX_BYTES) {
            refusal = new SetRefused(SetError.INVALID_REQUEST, "the SET is not a compact JWT of at most "
                    + io.github.zerotrust.keycloak.ssf.SecurityEventToken.MAX_BYTES + " bytes");
        } else {
            try {
                // A refusal is returned, not thrown: the transaction commits the refusal's event.
                Object result = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    session.getContext().setRealm(realm);
                    try {
                        return SetIntake.take(session, realm, setup.transmitter(), value.asText(), key);
                    } catch (SetRefused refused) {
                        return refused;
                    }
                });
                if (result instanceof SetIntake.Taken taken) {
                    acks.add(taken.jti());
                    return;
                }
                refusal = (SetRefused) result;
            } catch (RuntimeException broken) {
                // Not acknowledged, not reported, its jti given back (SetIntake): the transmitter sends it again and it is
                // handled then, as if seen for the first time.
                LOG.errorf(broken, "Realm %s: a SET polled from transmitter %s could not be handled", setup.realmName(), alias);
                return;
            }
        }
        if (key.length() <= MAX_KEY) {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("err", refusal.error().code());
            error.put("description", refusal.description());
            errors.put(key, error);
        }
    }

    private JsonNode ask(Setup setup, String authorization, PollState state) throws Failure {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("maxEvents", setup.transmitter().poll().maxEvents());
        body.put("returnImmediately", true);
        if (!state.acks().isEmpty()) {
            body.put("ack", state.acks());
        }
        if (!state.errors().isEmpty()) {
            body.put("setErrs", state.errors());
        }
        HttpPost post = new HttpPost(setup.transmitter().poll().url());
        post.setHeader("Authorization", authorization);
        post.setHeader("Accept", "application/json");
        try {
            post.setEntity(new StringEntity(JsonFormat.strict().writeValueAsString(body), ContentType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OutboundCall.Answer answer = call(setup.outbound(), post, MAX_ANSWER_BYTES, "the poll endpoint");
        if (answer.status() != 200) {
            throw new Failure("the poll endpoint answered HTTP " + answer.status());
        }
        try {
            JsonNode json = JsonFormat.lenient().readTree(answer.body());
            if (json == null || !json.isObject() || !json.path("sets").isObject()) {
                throw new Failure("the poll endpoint's answer is not a poll response (no 'sets' object)");
            }
            return json;
        } catch (IOException e) {
            throw new Failure("the poll endpoint's answer is not JSON");
        }
    }

    static OutboundCall.Answer call(Outbound outbound, HttpPost post, int maxBytes, String what) throws Failure {
        try {
            OutboundCall.Answer answer = OutboundCall.send(outbound, post, TIMEOUT, maxBytes);
            if (answer.oversized()) {
                throw new Failure(what + " answered more than " + maxBytes + " bytes");
            }
            return answer;
        } catch (OutboundRefused refused) {
            throw new Failure(what + " is not allowed by the outbound policy");
        } catch (SocketTimeoutException e) {
            throw new Failure(what + " did not answer in time");
        } catch (ConnectException e) {
            throw new Failure(what + " refused the connection");
        } catch (IOException e) {
            throw new Failure(what + " could not be reached (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void save(PollState state) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> state.save(session, realmId, alias));
    }

    private void record(java.util.function.Consumer<KeycloakSession> event) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    session.getContext().setRealm(realm);
                    event.accept(session);
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the poll event of transmitter %s", alias);
        }
    }
}
