package io.github.zerotrust.keycloak.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One rule of a template. A flow rule is a CONDITIONAL sub-flow at the top level of {@link #flow} named after the rule
 * id, holding {@link #steps} in order; its last condition is the report-only switch (Keycloak stops at the first
 * condition that does not match, so only the last one sees sign-ins every other condition matched). A settings rule
 * changes realm settings and is applied only by its promotion.
 *
 * @param id       stable id ({@code foundation-mfa}); also the alias of the rule's sub-flow
 * @param title    for people
 * @param kind     flow or setting
 * @param flow     the template flow it lives in ({@link Templates#BROWSER_FLOW} or {@link Templates#DIRECT_GRANT_FLOW}),
 *                 empty for a settings rule
 * @param support  a REQUIRED top-level step the rule needs before it ({@code zt-risk-assessment}), if any
 * @param steps    the sub-flow's steps for the given parameters, empty when the parameters leave the rule out
 * @param setting  what a settings rule changes, empty for a flow rule
 */
public record TemplateRule(String id, String title, Kind kind, Optional<String> flow, Optional<String> support,
                           Function<TemplateParameters, Optional<List<Step>>> steps, Optional<Setting> setting) {

    /** How a rule is made. */
    public enum Kind {
        FLOW("flow"), SETTING("setting");

        public final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    /** What a settings rule changes. */
    public enum Setting {
        /** Keycloak's brute-force detection on, with at most {@link Templates#MAX_FAILURE_FACTOR} failures. */
        BRUTE_FORCE,
        /** Privileged roles listed in {@code zt.elevation.privileged-roles} and the {@code zt-elevate} action enabled. */
        JIT_ONLY,
        /** A client policy running {@code zt-continuous-access} with strict location, merged into the realm's own. */
        STRICT_REFRESH
    }

    /**
     * One step of a rule's sub-flow, always REQUIRED.
     *
     * @param providerId   the authenticator's provider id
     * @param configAlias  the alias of its configuration; unique per realm ({@code <rule id>-<what>})
     * @param config       its settings as stored
     * @param reportOnlyKey the key that makes this step report-only, when it is the rule's switch
     */
    public record Step(String providerId, String configAlias, Map<String, String> config, Optional<String> reportOnlyKey) {

        public Step {
            config = Map.copyOf(config);
        }

        /** Its settings with the switch in the given position (the settings of any other step unchanged). */
        public Map<String, String> configWith(boolean reportOnly) {
            if (reportOnlyKey.isEmpty()) {
                return config;
            }
            Map<String, String> with = new java.util.HashMap<>(config);
            with.put(reportOnlyKey.get(), Boolean.toString(reportOnly));
            return Map.copyOf(with);
        }
    }

    static TemplateRule flowRule(String id, String title, String flow, Optional<String> support,
                                 Function<TemplateParameters, Optional<List<Step>>> steps) {
        return new TemplateRule(id, title, Kind.FLOW, Optional.of(flow), support, steps, Optional.empty());
    }

    static TemplateRule settingRule(String id, String title, Setting setting) {
        return new TemplateRule(id, title, Kind.SETTING, Optional.empty(), Optional.empty(), p -> Optional.empty(),
                Optional.of(setting));
    }

    /** The step whose report-only key switches the rule, for the given parameters. */
    public Optional<Step> reportOnlySwitch(TemplateParameters parameters) {
        return steps.apply(parameters).flatMap(list -> list.stream().filter(s -> s.reportOnlyKey().isPresent())
                .reduce((first, second) -> second));
    }
}
