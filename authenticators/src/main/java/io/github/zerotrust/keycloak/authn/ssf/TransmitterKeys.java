package io.github.zerotrust.keycloak.authn.ssf;

import io.github.zerotrust.keycloak.authn.device.DeviceKeys;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.authn.outbound.OutboundRefused;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.methods.HttpGet;
import org.jboss.logging.Logger;
import org.keycloak.jose.jwk.JWK;

/**
 * A transmitter's signing keys: the admin's static JWKS, or its {@code jwksUri} fetched through {@link OutboundCall}
 * (the operator's allow-list, bounded time and size) and kept on this node for {@value #TTL_MINUTES} minutes. A key id
 * not in the kept set refetches at once (a transmitter rotated its keys), at most once per {@value #REFETCH_SECONDS}
 * seconds per transmitter, so SETs with made-up key ids cannot turn the receiver into a flood of fetches. Public keys
 * only, so a per-node copy is safe: nodes differ at most by one refetch.
 */
final class TransmitterKeys {

    static final int TTL_MINUTES = 10;
    static final int REFETCH_SECONDS = 10;
    static final int MAX_JWKS_BYTES = 256 * 1024;
    static final int MAX_ENTRIES = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(TransmitterKeys.class);
    private static final Map<String, Fetched> CACHE = new ConcurrentHashMap<>();

    private record Fetched(List<JWK> keys, Instant at) {
    }

    private TransmitterKeys() {
    }

    /** The key {@code kid} names (or, without a kid, the only key); empty when the transmitter has none such. */
    static Optional<JWK> find(Outbound outbound, String realmId, TransmitterSettings transmitter, String kid, Clock clock) {
        if (transmitter.staticJwks().isPresent()) {
            return pick(DeviceKeys.parseSet(transmitter.staticJwks().get()), kid);
        }
        String cacheKey = realmId + " " + transmitter.alias() + " " + transmitter.jwksUri();
        Instant now = clock.instant();
        Fetched kept = CACHE.get(cacheKey);
        if (kept != null && kept.at().plus(Duration.ofMinutes(TTL_MINUTES)).isAfter(now)) {
            Optional<JWK> key = pick(kept.keys(), kid);
            if (key.isPresent() || kept.at().plusSeconds(REFETCH_SECONDS).isAfter(now)) {
                return key;
            }
        }
        Optional<List<JWK>> fetched = fetch(outbound, transmitter);
        if (fetched.isEmpty()) {
            // Unreachable: the keys kept so far still count until they are stale.
            return kept == null ? Optional.empty() : pick(kept.keys(), kid);
        }
        if (CACHE.size() >= MAX_ENTRIES) {
            CACHE.clear();
        }
        CACHE.put(cacheKey, new Fetched(fetched.get(), now));
        return pick(fetched.get(), kid);
    }

    /** Forgets the keys of a transmitter an admin changed or removed. */
    static void forget(String realmId, String alias) {
        CACHE.keySet().removeIf(k -> k.startsWith(realmId + " " + alias + " "));
    }

    private static Optional<JWK> pick(List<JWK> keys, String kid) {
        if (kid == null) {
            return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
        }
        return keys.stream().filter(k -> kid.equals(k.getKeyId())).findFirst();
    }

    private static Optional<List<JWK>> fetch(Outbound outbound, TransmitterSettings transmitter) {
        HttpGet get = new HttpGet(transmitter.jwksUri());
        get.setHeader("Accept", "application/json");
        try {
            OutboundCall.Answer answer = OutboundCall.send(outbound, get, TIMEOUT, MAX_JWKS_BYTES);
            if (answer.status() != 200 || answer.oversized()) {
                LOG.warnf("Shared Signals transmitter %s: its JWKS answered %d%s", transmitter.alias(), answer.status(),
                        answer.oversized() ? " (too large)" : "");
                return Optional.empty();
            }
            return Optional.of(DeviceKeys.parseSet(new String(answer.body(), StandardCharsets.UTF_8)));
        } catch (OutboundRefused refused) {
            LOG.warnf("Shared Signals transmitter %s: its JWKS URL is not allowed by the outbound policy (%s)",
                    transmitter.alias(), refused.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("Shared Signals transmitter %s: its JWKS could not be read: %s", transmitter.alias(), e.toString());
        }
        return Optional.empty();
    }
}
