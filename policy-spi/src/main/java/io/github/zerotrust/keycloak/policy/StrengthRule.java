package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Zero Trust - require authentication strength}: raises the level of authentication a sign-in must
 * reach, for chosen users, apps or risk, as an app asking with {@code acr_values} would.
 */
public final class StrengthRule {

    /**
     * @param strength    an ACR value of the realm's (or client's) {@code acr.loa.map}, such as {@code phr}, or a level number
     * @param minimumRisk only when the sign-in's risk is at least this; empty: whatever the risk
     */
    public record Settings(String strength, AppliesTo appliesTo, Optional<RiskLevel> minimumRisk, boolean reportOnly)
            implements StepSettings {

        public static final String STRENGTH = "zt.strength.level";
        public static final String MINIMUM_RISK = "zt.strength.minimum-risk";
        public static final String REPORT_ONLY = "zt.strength.report-only";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(MINIMUM_RISK, "any", REPORT_ONLY, "false");

        public static Settings parse(Map<String, String> config) {
            String risk = ConfigMap.of(config).text(MINIMUM_RISK, DEFAULT_TEXT.get(MINIMUM_RISK)).toUpperCase(Locale.ROOT);
            Optional<RiskLevel> minimum = switch (risk) {
                case "MEDIUM" -> Optional.of(RiskLevel.MEDIUM);
                case "HIGH" -> Optional.of(RiskLevel.HIGH);
                case "LOW" -> Optional.of(RiskLevel.LOW);
                default -> Optional.empty();
            };
            return new Settings(ConfigMap.of(config).text(STRENGTH, ""), AppliesTo.read(config), minimum,
                    ConfigMap.of(config).flag(REPORT_ONLY, Boolean.parseBoolean(DEFAULT_TEXT.get(REPORT_ONLY))));
        }

        /** The level the strength stands for, given the ACR map in force; empty when it names nothing. */
        public Optional<Integer> level(Map<String, Integer> acrLoaMap) {
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

    private StrengthRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        Optional<Integer> level = settings.level(signIn.assurance().acrLevels());
        if (level.isEmpty()) {
            // Fail closed: a rule that cannot say what it asks for refuses rather than asks for nothing.
            return Verdict.acts(new Action.Deny("ztDeniedGeneric", List.of()), Reason.UNKNOWN_STRENGTH,
                    "misconfigured: unknown strength '" + settings.strength() + "'");
        }
        if (signIn.who().isEmpty() && settings.appliesTo().needsUser()) {
            return Verdict.passes(Reason.USER_NOT_KNOWN_YET, "user not known yet: the step after the username step decides");
        }
        List<String> unknown = new ArrayList<>(0);
        Optional<String> applies = forRisk(signIn, settings, settings.appliesTo().match(signIn, unknown));
        Optional<String> warning = settings.appliesTo().warning(unknown);
        if (applies.isEmpty()) {
            return Verdict.passes(Reason.DOES_NOT_APPLY, "does not apply to this sign-in").withWarning(warning);
        }
        Optional<Upstream> upstream = signIn.upstream().filter(u -> metUpstream(u, level.get(), signIn.assurance()));
        if (upstream.isPresent()) {
            return Verdict.passes(Reason.UPSTREAM_TRUSTED, settings.strength() + " met at identity provider "
                    + upstream.get().provider() + " (" + upstream.get().why() + ")").withWarning(warning);
        }
        return Verdict.acts(new Action.StepUp(level.get(), settings.strength()), Reason.APPLIES,
                "requires " + settings.strength() + " (level " + level.get() + ") for " + applies.get()).withWarning(warning);
    }

    /** A trusted upstream strength meets the level when the realm's ACR map gives it that level or more. */
    private static boolean metUpstream(Upstream upstream, int level, Assurance assurance) {
        return upstream.trusted().map(assurance.acrLevels()::get).filter(l -> l >= level).isPresent();
    }

    private static Optional<String> forRisk(SignIn signIn, Settings settings, Optional<String> who) {
        if (who.isEmpty() || settings.minimumRisk().isEmpty()) {
            return who;
        }
        Optional<Assessment> risk = signIn.assessment();
        if (risk.isEmpty()) {
            // Fail closed: without an assessment the rule cannot tell the risk is low.
            return who.map(w -> w + ", risk not assessed");
        }
        return risk.get().level().atLeast(settings.minimumRisk().get())
                ? who.map(w -> w + ", risk " + risk.get().level().name().toLowerCase(Locale.ROOT))
                : Optional.empty();
    }
}
