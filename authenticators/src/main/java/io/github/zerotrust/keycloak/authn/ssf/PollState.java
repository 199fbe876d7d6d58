package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;

/**
 * Where a poll transmitter stands, cluster-wide: the acknowledgements and errors not yet delivered to it, failures in a
 * row, when it was last asked, last answered properly and is next due, and the last error as text (never a token). Kept
 * in Keycloak's single-use object store (replicated on every node, like the {@code jti} of each SET), not in a realm
 * attribute: a turn writes it, and a realm attribute written every turn would drop the realm from every node's cache.
 *
 * @param acks   the {@code jti}s verified and taken, to acknowledge in the next request
 * @param errors the SETs refused, by their key in the answer: the RFC 8936 {@code err} and {@code description}
 */
record PollState(List<String> acks, Map<String, Map<String, String>> errors, int failures, Instant lastAttempt,
                 Instant lastSuccess, Instant nextAttempt, String lastError) {

    private static final String PREFIX = "zt.ssf.poll.";
    /** Long enough to outlast any outage an admin would not have noticed; the store needs a lifespan. */
    private static final long LIFESPAN_SECONDS = 30L * 24 * 3600;

    static final PollState NEW = new PollState(List.of(), Map.of(), 0, null, null, null, null);

    PollState {
        acks = List.copyOf(acks);
        errors = Map.copyOf(errors);
    }

    boolean isDue(Instant now) {
        return nextAttempt == null || !nextAttempt.isAfter(now);
    }

    boolean hasPending() {
        return !acks.isEmpty() || !errors.isEmpty();
    }

    PollState pending(List<String> newAcks, Map<String, Map<String, String>> newErrors) {
        return new PollState(newAcks, newErrors, failures, lastAttempt, lastSuccess, nextAttempt, lastError);
    }

    /** Due at the next tick: a transmitter an admin just changed is polled with its new settings at once. */
    PollState dueNow() {
        return new PollState(acks, errors, failures, lastAttempt, lastSuccess, null, lastError);
    }

    PollState attempted(Instant now) {
        return new PollState(acks, errors, failures, now, lastSuccess, nextAttempt, lastError);
    }

    PollState succeeded(Instant now, Instant next) {
        return new PollState(acks, errors, 0, lastAttempt, now, next, null);
    }

    PollState failed(String reason, Instant next) {
        return new PollState(acks, errors, failures + 1, lastAttempt, lastSuccess, next, reason);
    }

    /** The admin's view (no jti, no SET). */
    Map<String, Object> toView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("lastAttempt", text(lastAttempt));
        view.put("lastSuccess", text(lastSuccess));
        view.put("nextAttempt", text(nextAttempt));
        view.put("consecutiveFailures", failures);
        view.put("lastError", lastError);
        view.put("pendingAcks", acks.size());
        view.put("pendingSetErrs", errors.size());
        return view;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    static PollState read(KeycloakSession session, String realmId, String alias) {
        Map<String, String> notes = session.singleUseObjects().get(key(realmId, alias));
        if (notes == null) {
            return NEW;
        }
        try {
            List<String> acks = JsonFormat.lenient().readValue(notes.getOrDefault("acks", "[]"), new TypeReference<List<String>>() { });
            Map<String, Map<String, String>> errors = JsonFormat.lenient().readValue(notes.getOrDefault("errors", "{}"),
                    new TypeReference<Map<String, Map<String, String>>>() { });
            return new PollState(acks, errors, Integer.parseInt(notes.getOrDefault("failures", "0")), instant(notes, "lastAttempt"),
                    instant(notes, "lastSuccess"), instant(notes, "nextAttempt"), notes.get("lastError"));
        } catch (JsonProcessingException | RuntimeException unreadable) {
            // Written by this code only; if it does not read, starting afresh costs a redelivery, which is acked unacted.
            return NEW;
        }
    }

    void save(KeycloakSession session, String realmId, String alias) {
        Map<String, String> notes = new HashMap<>();
        try {
            notes.put("acks", JsonFormat.strict().writeValueAsString(acks));
            notes.put("errors", JsonFormat.strict().writeValueAsString(errors));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        notes.put("failures", Integer.toString(failures));
        put(notes, "lastAttempt", lastAttempt);
        put(notes, "lastSuccess", lastSuccess);
        put(notes, "nextAttempt", nextAttempt);
        Optional.ofNullable(lastError).ifPresent(e -> notes.put("lastError", e));
        session.singleUseObjects().put(key(realmId, alias), LIFESPAN_SECONDS, notes);
    }

    static void forget(KeycloakSession session, String realmId, String alias) {
        session.singleUseObjects().remove(key(realmId, alias));
    }

    private static String key(String realmId, String alias) {
        return PREFIX + realmId + "." + alias;
    }

    private static void put(Map<String, String> notes, String name, Instant at) {
        if (at != null) {
            notes.put(name, Long.toString(at.toEpochMilli()));
        }
    }

    private static Instant instant(Map<String, String> notes, String name) {
        String value = notes.get(name);
        return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
    }
}
