package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import io.github.zerotrust.keycloak.device.Posture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The device step's settings: the posture sources to ask, in order, and the baseline keys
 * ({@code zt.device.*}) that override the realm's for this step.
 */
record DeviceCheckConfig(List<String> sources, Map<String, String> baselineOverrides) {

    static final String SOURCES = "sources";
    static final String DEFAULT_SOURCES = Posture.SIGNED_TOKEN + "," + Posture.REGISTRY;
    static final int MAX_SOURCES = 5;

    DeviceCheckConfig {
        sources = List.copyOf(sources);
        baselineOverrides = Map.copyOf(baselineOverrides);
    }

    static DeviceCheckConfig parse(Map<String, String> config) {
        String text = config.getOrDefault(SOURCES, "");
        List<String> sources = new ArrayList<>();
        for (String item : (text.isBlank() ? DEFAULT_SOURCES : text).split("[,\\s]+")) {
            if (!item.isBlank() && !sources.contains(item.strip()) && sources.size() < MAX_SOURCES) {
                sources.add(item.strip());
            }
        }
        Map<String, String> overrides = new java.util.HashMap<>();
        for (String key : ComplianceBaseline.KEYS) {
            String value = config.get(key);
            if (value != null && !value.isBlank()) {
                overrides.put(key, value);
            }
        }
        return new DeviceCheckConfig(sources, overrides);
    }

    /** The realm's baseline ({@code zt.device.*} realm attributes) with this step's keys on top. */
    ComplianceBaseline baseline(Map<String, String> realmAttributes) {
        return ComplianceBaseline.parse(realmAttributes).overriddenBy(baselineOverrides);
    }
}
