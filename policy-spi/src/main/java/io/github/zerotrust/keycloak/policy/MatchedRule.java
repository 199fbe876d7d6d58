package io.github.zerotrust.keycloak.policy;

import java.util.Objects;

/**
 * A rule that matched earlier in the sign-in, kept for the step that acts on it (deny, remediation).
 *
 * @param rule   the step's configuration alias (its display name when it has none)
 * @param reason why it matched, for the event and the admin
 */
public record MatchedRule(String rule, String reason, RuleKind kind) {

    public MatchedRule {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
    }
}
