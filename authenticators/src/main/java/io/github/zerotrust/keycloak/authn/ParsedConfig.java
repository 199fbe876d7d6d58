package io.github.zerotrust.keycloak.authn;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Parses an authenticator configuration once into its typed record, and again only when an admin
 * changed it (the raw map differs), so large lists are not re-parsed on every sign-in.
 */
public final class ParsedConfig<T> {

    private record Entry<T>(Map<String, String> raw, T parsed) {
    }

    private final ConcurrentMap<String, Entry<T>> byConfigId = new ConcurrentHashMap<>();
    private final Function<Map<String, String>, T> parser;

    public ParsedConfig(Function<Map<String, String>, T> parser) {
        this.parser = parser;
    }

    /** The parsed config; {@code model} may be null (no configuration saved yet), which parses an empty map. */
    public T of(AuthenticatorConfigModel model) {
        Map<String, String> raw = model == null || model.getConfig() == null ? Map.of() : model.getConfig();
        String id = model == null || model.getId() == null ? "" : model.getId();
        Entry<T> entry = byConfigId.get(id);
        if (entry != null && entry.raw().equals(raw)) {
            return entry.parsed();
        }
        T parsed = parser.apply(raw);
        byConfigId.put(id, new Entry<>(Map.copyOf(raw), parsed));
        return parsed;
    }
}
