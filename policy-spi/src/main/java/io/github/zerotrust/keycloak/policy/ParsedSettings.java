package io.github.zerotrust.keycloak.policy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Parses a step's settings once into its typed record, and again only when an admin changed them (the
 * raw map differs), so large lists are not re-parsed on every sign-in.
 */
public final class ParsedSettings<T> {

    private record Entry<T>(Map<String, String> raw, T parsed) {
    }

    private final ConcurrentMap<String, Entry<T>> byConfigId = new ConcurrentHashMap<>();
    private final Function<Map<String, String>, T> parser;

    public ParsedSettings(Function<Map<String, String>, T> parser) {
        this.parser = parser;
    }

    /**
     * @param configId the saved configuration's id; empty or null for a step without one (its defaults)
     * @param raw      the saved settings; null reads as none
     */
    public T of(String configId, Map<String, String> raw) {
        Map<String, String> settings = raw == null ? Map.of() : raw;
        String id = configId == null ? "" : configId;
        Entry<T> entry = byConfigId.get(id);
        if (entry != null && entry.raw().equals(settings)) {
            return entry.parsed();
        }
        T parsed = parser.apply(settings);
        byConfigId.put(id, new Entry<>(Map.copyOf(settings), parsed));
        return parsed;
    }
}
