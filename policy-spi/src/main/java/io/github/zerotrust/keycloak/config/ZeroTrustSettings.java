package io.github.zerotrust.keycloak.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which realm attributes are the suite's settings that a configuration document carries: the {@code zt.*} keys an
 * admin types (risk, alerts, device baseline and posture sources, FIDO policy, elevation, refresh, signals), not the
 * secrets among them and not the state the suite keeps for itself (score history, SSF poll and replay state,
 * break-glass ids, which the document carries as usernames).
 */
public final class ZeroTrustSettings {

    /** The prefixes of settings a document carries. */
    public static final List<String> PREFIXES = List.of("zt.risk.", "zt.alert.", "zt.device.", "zt.fido.",
            "zt.elevation.", "zt.refresh.", "zt.signals.");
    /** Secrets: never exported; an import may not carry them and keeps the stored ones. */
    public static final Set<String> SECRETS = Set.of("zt.alert.webhook-secret", "zt.device.mdm.token");
    /** The longest value a document may set (the realm attribute column holds far more; a setting never needs it). */
    public static final int MAX_VALUE_LENGTH = 4000;

    private ZeroTrustSettings() {
    }

    /** True for a key that is a setting the document carries (not a secret, not state). */
    public static boolean isSetting(String key) {
        return key != null && !SECRETS.contains(key) && PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length());
    }

    public static boolean isSecret(String key) {
        return SECRETS.contains(key);
    }

    /**
     * Every reason the settings of a document cannot be applied, each starting with its JSON path
     * ({@code $.settings['key']}); empty when they can. A value is text; blank values are refused (leave the key out).
     */
    public static List<String> problems(Map<String, ?> settings) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ?> entry : settings.entrySet()) {
            String path = "$.settings['" + entry.getKey() + "']";
            if (isSecret(entry.getKey())) {
                problems.add(path + ": a secret is never carried in a document; set it in the realm (the stored one is kept)");
            } else if (!isSetting(entry.getKey())) {
                problems.add(path + ": not a zero-trust setting (the keys start with " + String.join(", ", PREFIXES) + ")");
            } else if (!(entry.getValue() instanceof String value)) {
                problems.add(path + ": must be a string");
            } else if (value.isBlank()) {
                problems.add(path + ": must not be blank (leave the key out to remove it)");
            } else if (value.length() > MAX_VALUE_LENGTH) {
                problems.add(path + ": longer than " + MAX_VALUE_LENGTH + " characters");
            }
        }
        return List.copyOf(problems);
    }
}
