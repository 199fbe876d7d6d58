package io.github.zerotrust.keycloak.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads the string-typed settings of a flow step (Keycloak keeps them as a map of strings). */
public final class ConfigValues {

    /** Keycloak joins multivalued settings with this (its {@code Constants.CFG_DELIMITER}; the core cannot import it). */
    private static final String MULTIVALUE_DELIMITER = "##";

    private ConfigValues() {
    }

    public static List<String> list(Map<String, String> config, String key) {
        String value = config.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(MULTIVALUE_DELIMITER))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    public static boolean bool(Map<String, String> config, String key, boolean defaultValue) {
        String value = config.get(key);
        return value == null || value.isBlank() ? defaultValue : Boolean.parseBoolean(value.trim());
    }

    public static String string(Map<String, String> config, String key, String defaultValue) {
        String value = config.get(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }
}
