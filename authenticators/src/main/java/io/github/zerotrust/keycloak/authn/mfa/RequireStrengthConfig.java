package io.github.zerotrust.keycloak.authn.mfa;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import io.github.zerotrust.keycloak.authn.audience.AppliesTo;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of {@code Zero Trust - require authentication strength}.
 *
 * @param strength   an ACR value of the realm's (or client's) {@code acr.loa.map}, such as {@code phr}, or a level number
 * @param appliesTo  the users and apps it is for
 * @param minimumRisk only when the sign-in's risk is at least this; empty: whatever the risk
 * @param reportOnly record what it would have required, then require nothing
 */
record RequireStrengthConfig(String strength, AppliesTo appliesTo, Optional<RiskLevel> minimumRisk, boolean reportOnly) {

    static final String STRENGTH = "zt.strength.level";
    static final String MINIMUM_RISK = "zt.strength.minimum-risk";
    static final String REPORT_ONLY = "zt.strength.report-only";

    static RequireStrengthConfig parse(Map<String, String> config) {
        String risk = ConfigValues.string(config, MINIMUM_RISK, "any").toUpperCase(Locale.ROOT);
        Optional<RiskLevel> minimum = switch (risk) {
            case "MEDIUM" -> Optional.of(RiskLevel.MEDIUM);
            case "HIGH" -> Optional.of(RiskLevel.HIGH);
            case "LOW" -> Optional.of(RiskLevel.LOW);
            default -> Optional.empty();
        };
        return new RequireStrengthConfig(ConfigValues.string(config, STRENGTH, ""), AppliesTo.read(config), minimum,
                ConfigValues.bool(config, REPORT_ONLY, false));
    }

    /** The level the strength stands for, given the ACR map in force; empty when it names nothing. */
    Optional<Integer> level(Map<String, Integer> acrLoaMap) {
        if (strength.isEmpty()) {
            return Optional.empty();
        }
        Integer mapped = acrLoaMap.get(strength);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        try {
            int level = Integer.parseInt(strength);
            return level >= 0 ? Optional.of(level) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
