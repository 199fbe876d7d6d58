package io.github.zerotrust.keycloak.policy;

import java.util.Objects;

/**
 * A verdict with report-only applied: the one place that decides whether a step acts. A report-only
 * rule records what it would have done and does nothing, so admins watch a rule in the events before
 * they switch it on.
 */
public record Decision(StepKind<?> kind, Verdict verdict, boolean reportOnly) {

    /** How What-If and the logs name a decision. */
    public enum State {
        NO_MATCH("no-match"), MATCHES("matches"), ACTS("would-act"), REPORT_ONLY("report-only"), MISCONFIGURED("misconfigured");

        private final String id;

        State(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Decision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Whether the flow acts on it: the rule applies and is not report-only. */
    public boolean acts() {
        return verdict.applies() && !reportOnly;
    }

    /** Whether a report-only rule would have acted. */
    public boolean onlyReported() {
        return verdict.applies() && reportOnly;
    }

    public State state() {
        if (verdict.misconfigured()) {
            return State.MISCONFIGURED;
        }
        if (!verdict.applies()) {
            return State.NO_MATCH;
        }
        if (reportOnly) {
            return State.REPORT_ONLY;
        }
        return kind.role() == StepKind.Role.CONDITION ? State.MATCHES : State.ACTS;
    }

    /** The rule as it appears in notes and events: {@code rule: detail}. */
    public MatchedRule asMatch(String rule) {
        return new MatchedRule(rule, verdict.detail(), kind.ruleKind());
    }
}
