package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.time.Duration;
import java.util.Map;

/**
 * How long a restricted session may keep refreshing its tokens, counted from its sign-in
 * ({@code max-refresh-minutes}, 0-43,200; default 60; 0: no refresh at all).
 */
record RefreshCap(Duration max) {

    static final String MAX_REFRESH_MINUTES = "max-refresh-minutes";
    static final int DEFAULT_MINUTES = 60;
    static final int MAX_MINUTES = 30 * 24 * 60;

    /** Reads the executor's config; values come as text from the console and as numbers from JSON. */
    static RefreshCap of(Map<String, Object> config) {
        Object value = config == null ? null : config.get(MAX_REFRESH_MINUTES);
        ConfigMap in = ConfigMap.of(value == null ? Map.of() : Map.of(MAX_REFRESH_MINUTES, String.valueOf(value)));
        return new RefreshCap(Duration.ofMinutes(in.number(MAX_REFRESH_MINUTES, DEFAULT_MINUTES, 0, MAX_MINUTES)));
    }

    /** Whether a session that started at {@code startedSecond} may still refresh at {@code nowSecond} (epoch seconds). */
    boolean allows(long startedSecond, long nowSecond) {
        return !max.isZero() && nowSecond - startedSecond < max.toSeconds();
    }
}
