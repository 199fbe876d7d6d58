package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * A realm's trusted transmitters, each in the realm attribute {@code zt.ssf.transmitter.<alias>} as JSON: stored with
 * the realm (so in its database row and in a realm export, and imported with it) and cached with it on every node.
 * The record holds the SHA-256 of the push secret, never the secret.
 */
final class Transmitters {

    static final String PREFIX = "zt.ssf.transmitter.";
    private static final Logger LOG = Logger.getLogger(Transmitters.class);
    private static final int MAX_READ = 512;
    /**
     * Records already read on this node, keyed by alias and the stored text itself: a changed record is a new key, so
     * no node ever acts on an old one (the realm attribute is the truth, kept current by Keycloak's realm cache); what
     * this saves is reading the JSON again for every SET.
     */
    private static final Map<String, Optional<TransmitterSettings>> READ = new ConcurrentHashMap<>();

    private Transmitters() {
    }

    static Optional<TransmitterSettings> find(RealmModel realm, String alias) {
        if (!TransmitterSettings.isAlias(alias)) {
            return Optional.empty();
        }
        return read(realm, alias, realm.getAttribute(PREFIX + alias), false);
    }

    static Map<String, TransmitterSettings> all(RealmModel realm) {
        return all(realm, false);
    }

    /** @param quiet whether a record that does not read goes unlogged (the poller looks every second; an admin's GET warns) */
    static Map<String, TransmitterSettings> all(RealmModel realm, boolean quiet) {
        Map<String, TransmitterSettings> all = new TreeMap<>();
        realm.getAttributes().forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                String alias = name.substring(PREFIX.length());
                read(realm, alias, value, quiet).ifPresent(t -> all.put(alias, t));
            }
        });
        return all;
    }

    static void save(RealmModel realm, TransmitterSettings transmitter) {
        try {
            realm.setAttribute(PREFIX + transmitter.alias(), JsonFormat.strict().writeValueAsString(transmitter.toStored()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        TransmitterKeys.forget(realm.getId(), transmitter.alias());
    }

    static void remove(RealmModel realm, String alias) {
        realm.removeAttribute(PREFIX + alias);
        TransmitterKeys.forget(realm.getId(), alias);
    }

    private static Optional<TransmitterSettings> read(RealmModel realm, String alias, String json, boolean quiet) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        String key = alias + "\n" + json;
        Optional<TransmitterSettings> read = READ.get(key);
        if (read == null) {
            try {
                read = TransmitterSettings.fromStored(alias, JsonFormat.lenient().readValue(json, new TypeReference<Map<String, Object>>() { }));
            } catch (JsonProcessingException | RuntimeException e) {
                read = Optional.empty();
            }
            if (READ.size() >= MAX_READ) {
                READ.clear();
            }
            READ.put(key, read);
        }
        if (read.isEmpty() && !quiet) {
            // Fail closed: a transmitter whose record does not read is not trusted, and the admin hears of it.
            LOG.warnf("Realm %s: the Shared Signals transmitter record %s%s does not read; its SETs are refused",
                    realm.getName(), PREFIX, alias);
        }
        return read;
    }
}
