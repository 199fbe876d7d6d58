package io.github.zerotrust.keycloak.policy;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of zero-trust step (a provider id): how its settings are read and how it judges a sign-in.
 * A real sign-in and What-If both ask {@link #decide}; nothing else decides.
 *
 * @param <S> its typed settings
 */
public final class StepKind<S extends StepSettings> {

    /** A condition guards a conditional sub-flow; an enforcer acts (refuses, steps up, restricts). */
    public enum Role { CONDITION, ENFORCER }

    private final String providerId;
    private final String displayName;
    private final Role role;
    private final RuleKind ruleKind;
    private final ParsedSettings<S> settings;
    private final BiFunction<SignIn, S, Verdict> rule;

    StepKind(String providerId, String displayName, Role role, RuleKind ruleKind, Function<Map<String, String>, S> parser,
             BiFunction<SignIn, S, Verdict> rule) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.role = Objects.requireNonNull(role, "role");
        this.ruleKind = Objects.requireNonNull(ruleKind, "ruleKind");
        this.settings = new ParsedSettings<>(parser);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public String providerId() {
        return providerId;
    }

    /** The name the admin console shows; a step without a configuration alias is named by it. */
    public String displayName() {
        return displayName;
    }

    /** A rule is named by its step's configuration alias; without one, a condition by its display name, an enforcer by its id. */
    public String ruleName(String configAlias) {
        if (configAlias != null) {
            return configAlias;
        }
        return role == Role.CONDITION ? displayName : providerId;
    }

    public Role role() {
        return role;
    }

    public RuleKind ruleKind() {
        return ruleKind;
    }

    /** The step's typed settings, parsed once per change. */
    public S settings(String configId, Map<String, String> config) {
        return settings.of(configId, config);
    }

    /**
     * What the step decides about {@code signIn}, report-only applied. A break-glass account is let through by every
     * step, here and nowhere else: a condition does not match (its sub-flow, a deny or a step-up, does not run), an
     * enforcer passes. The account still signs in with its credentials through Keycloak's own steps.
     */
    public Decision decide(SignIn signIn, String configId, Map<String, String> config) {
        S parsed = settings(configId, config);
        if (signIn.who().filter(Who::breakGlass).isPresent()) {
            return new Decision(this, Verdict.of(false, Reason.BREAK_GLASS, BREAK_GLASS_DETAIL), false);
        }
        return new Decision(this, rule.apply(signIn, parsed), parsed.reportOnly());
    }

    /** The detail of a break-glass account's verdict, for events and What-If. */
    public static final String BREAK_GLASS_DETAIL = "break-glass account: zero-trust rules do not apply";

    @Override
    public String toString() {
        return providerId;
    }
}
