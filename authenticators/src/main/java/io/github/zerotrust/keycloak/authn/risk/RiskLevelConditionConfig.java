package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Map;

/** Settings of {@code Condition - risk level}: the level to match from (default high), report-only. */
record RiskLevelConditionConfig(RiskLevel level, boolean reportOnly) {

    static final String LEVEL = "level";
    static final String REPORT_ONLY = "report_only";

    static RiskLevelConditionConfig parse(Map<String, String> config) {
        return new RiskLevelConditionConfig(
                RiskLevel.parse(ConfigValues.string(config, LEVEL, "high")).orElse(RiskLevel.HIGH),
                ConfigValues.bool(config, REPORT_ONLY, false));
    }
}
