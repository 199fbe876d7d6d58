package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.Locale;
import java.util.Map;

/** {@code Condition - risk level}: matches when the assessed risk is at or above a level. No assessment fails closed. */
public final class RiskLevelRule {

    /** @param level the level to match from (default high) */
    public record Settings(RiskLevel level, boolean reportOnly) implements StepSettings {

        public static final String LEVEL = "level";
        public static final String REPORT_ONLY = "report_only";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(LEVEL, "high", REPORT_ONLY, "false");

        public static Settings parse(Map<String, String> config) {
            return new Settings(RiskLevel.parse(ConfigMap.of(config).text(LEVEL, DEFAULT_TEXT.get(LEVEL))).orElse(RiskLevel.HIGH),
                    ConfigMap.of(config).flag(REPORT_ONLY, Boolean.parseBoolean(DEFAULT_TEXT.get(REPORT_ONLY))));
        }
    }

    private RiskLevelRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        if (signIn.assessment().isEmpty()) {
            return Verdict.of(true, Reason.NO_ASSESSMENT, "no risk assessment in this flow");
        }
        Assessment a = signIn.assessment().get();
        boolean atLevel = a.level().atLeast(settings.level());
        return Verdict.of(atLevel, atLevel ? Reason.RISK_AT_LEVEL : Reason.RISK_BELOW_LEVEL, describe(a));
    }

    /** {@code risk high (90: new-device,new-country)}. */
    static String describe(Assessment a) {
        return "risk " + a.level().name().toLowerCase(Locale.ROOT) + " (" + a.score() + ": "
                + (a.reasonNames().isEmpty() ? "no signals" : a.reasonNames()) + ")";
    }
}
