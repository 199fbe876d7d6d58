package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the MDM said about a device (its raw answer, never one filtered for a caller), kept for a short time on this
 * node so that a burst of sign-ins costs one MDM call. Local, not clustered: an entry lives seconds, a miss on another
 * node only costs one call, and a clustered cache would cost a network hop (and ProtoStream schemas) to save one. What
 * keeps the nodes in step is {@link #forgetUnless}: a node that fetched an answer tells the others its digest, and a
 * node holding a different answer for the device forgets it. Bounded: the least recently used entry goes first. Only
 * answers are kept, never failures, so an outage is retried at once.
 */
final class PostureCache {

    /**
     * One answer of the MDM, before any caller's ownership check: the device, or empty when it does not know it, and
     * the digest of the answer as it came (so that two nodes can tell whether they hold the same one).
     */
    record Entry(Optional<GraphManagedDevice> device, String digest, Instant expires) {
    }

    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries;

    PostureCache(int maxEntries, Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The fresh answer kept for {@code key}, if any. */
    synchronized Optional<Entry> get(String key) {
        Entry entry = entries.get(key);
        if (entry != null && !clock.instant().isBefore(entry.expires())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.ofNullable(entry);
    }

    synchronized void put(String key, Optional<GraphManagedDevice> device, String digest) {
        if (!ttl.isZero()) {
            entries.put(key, new Entry(device, digest, clock.instant().plus(ttl)));
        }
    }

    /**
     * Another node fetched the answer with {@code digest} for {@code key}: the entry kept here goes unless it is that
     * same answer (so two nodes taking turns with one device do not empty each other's cache at every sign-in).
     *
     * @return whether an entry went
     */
    synchronized boolean forgetUnless(String key, String digest) {
        Entry entry = entries.get(key);
        if (entry == null || entry.digest().equals(digest)) {
            return false;
        }
        entries.remove(key);
        return true;
    }

    synchronized int size() {
        return entries.size();
    }
}
