package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.ParsedSettings;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.models.AuthenticatorConfigModel;

/** A step's settings from its saved configuration, parsed once per change (see {@link ParsedSettings}). */
public final class ParsedConfig<T> {

    private final ParsedSettings<T> settings;

    public ParsedConfig(Function<Map<String, String>, T> parser) {
        this.settings = new ParsedSettings<>(parser);
    }

    /** The parsed config; {@code model} may be null (no configuration saved yet), which parses an empty map. */
    public T of(AuthenticatorConfigModel model) {
        return model == null ? settings.of(null, null) : settings.of(model.getId(), model.getConfig());
    }
}
