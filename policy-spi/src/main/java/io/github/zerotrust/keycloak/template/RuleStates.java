package io.github.zerotrust.keycloak.template;

import io.github.zerotrust.keycloak.template.RealmState.StepState;
import io.github.zerotrust.keycloak.template.TemplateRule.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where a realm stands on each rule of a template: absent, report-only, enforced, edited, proposed or applied. */
public final class RuleStates {

    /** A rule's state, as the REST answer names it. */
    public enum State {
        ABSENT("absent"), REPORT_ONLY("report-only"), ENFORCED("enforced"), EDITED("edited"), PROPOSED("proposed"), APPLIED("applied");

        public final String id;

        State(String id) {
            this.id = id;
        }
    }

    private RuleStates() {
    }

    /** The state of {@code rule} with the template's {@code parameters} (recorded at install, or the defaults). */
    public static State of(Template template, TemplateRule rule, TemplateParameters parameters, RealmState realm) {
        if (rule.kind() == TemplateRule.Kind.SETTING) {
            if (settingApplied(rule, parameters, realm.settings())) {
                return State.APPLIED;
            }
            return realm.installed().containsKey(template.id()) ? State.PROPOSED : State.ABSENT;
        }
        Optional<List<StepState>> present = Optional.ofNullable(realm.flows().get(rule.flow().orElseThrow()))
                .map(f -> f.subFlows().get(rule.id()));
        Optional<List<Step>> steps = rule.steps().apply(parameters);
        if (present.isEmpty()) {
            return State.ABSENT;
        }
        if (steps.isEmpty() || !sameSettings(steps.get(), present.get())) {
            return State.EDITED;
        }
        return reportOnly(rule, parameters, present.get()).orElse(true) ? State.REPORT_ONLY : State.ENFORCED;
    }

    /** Whether the rule's switch is report-only now; empty when the realm's sub-flow has no such step. */
    public static Optional<Boolean> reportOnly(TemplateRule rule, TemplateParameters parameters, List<StepState> present) {
        return rule.reportOnlySwitch(parameters).flatMap(s -> present.stream()
                .filter(p -> p.configAlias().filter(s.configAlias()::equals).isPresent()).findFirst()
                .map(p -> Boolean.parseBoolean(p.config().get(s.reportOnlyKey().orElseThrow()))));
    }

    /** Same steps, in order, with the same settings (the switch's position and empty settings aside). */
    static boolean sameSettings(List<Step> wanted, List<StepState> present) {
        if (wanted.size() != present.size()) {
            return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
            Step w = wanted.get(i);
            StepState p = present.get(i);
            if (!w.providerId().equals(p.providerId()) || !p.configAlias().filter(w.configAlias()::equals).isPresent()
                    || !comparable(w.config(), w.reportOnlyKey()).equals(comparable(p.config(), w.reportOnlyKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> comparable(Map<String, String> config, Optional<String> reportOnlyKey) {
        Map<String, String> copy = new HashMap<>();
        config.forEach((k, v) -> {
            if (v != null && !v.isEmpty() && !reportOnlyKey.filter(k::equals).isPresent()) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    /** Whether the realm already does what a settings rule asks. */
    public static boolean settingApplied(TemplateRule rule, TemplateParameters parameters, RealmState.Settings settings) {
        return switch (rule.setting().orElseThrow()) {
            case BRUTE_FORCE -> settings.bruteForce() && settings.failureFactor() >= 1 && settings.failureFactor() <= Templates.MAX_FAILURE_FACTOR;
            case JIT_ONLY -> settings.elevateAction() && settings.privilegedRoles().containsAll(parameters.list(Templates.PRIVILEGED_ROLES));
            case STRICT_REFRESH -> settings.refresh() && settings.strictRefresh();
        };
    }

    /** What applying a settings rule does, for people. */
    public static String settingDetail(TemplateRule rule, TemplateParameters parameters) {
        return switch (rule.setting().orElseThrow()) {
            case BRUTE_FORCE -> "Keycloak's brute-force detection on, with at most " + Templates.MAX_FAILURE_FACTOR + " failures before a lockout";
            case JIT_ONLY -> "the required action " + Templates.ELEVATE_ACTION + " enabled and " + parameters.list(Templates.PRIVILEGED_ROLES)
                    + " listed in zt.elevation.privileged-roles";
            case STRICT_REFRESH -> "a client profile and policy '" + Templates.REFRESH_PROFILE + "' running " + Templates.REFRESH_EXECUTOR
                    + " with " + Templates.STRICT_LOCATION + "=true for every client, added beside the realm's own";
        };
    }

    /** The failure factor brute-force protection is given: the realm's own when it is within the limit, else the limit. */
    public static int failureFactor(RealmState.Settings settings) {
        return settings.failureFactor() >= 1 && settings.failureFactor() <= Templates.MAX_FAILURE_FACTOR ? settings.failureFactor()
                : Templates.MAX_FAILURE_FACTOR;
    }
}
