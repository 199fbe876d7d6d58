package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.Decision;
import io.github.zerotrust.keycloak.policy.Reason;
import io.github.zerotrust.keycloak.policy.SignIn;
import io.github.zerotrust.keycloak.policy.StepKind;
import io.github.zerotrust.keycloak.policy.StepSettings;
import io.github.zerotrust.keycloak.policy.Verdict;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.UserModel;

/**
 * One zero-trust step of a running flow: it gathers the sign-in's facts, asks the step's kind for its
 * decision, and concludes in one place — the fail-closed warning, the report-only note and event
 * detail, the matched-rule note, and the refusal.
 */
public final class FlowStep {

    private static final Logger LOG = Logger.getLogger(FlowStep.class);

    private final AuthenticationFlowContext context;
    private final StepKind<?> kind;
    private final SignIn facts;
    private final Decision decision;

    private FlowStep(AuthenticationFlowContext context, StepKind<?> kind, SignIn facts) {
        this.context = context;
        this.kind = kind;
        this.facts = facts;
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        this.decision = kind.decide(facts, config == null ? null : config.getId(), config == null ? null : config.getConfig());
    }

    public static FlowStep of(AuthenticationFlowContext context, StepKind<?> kind) {
        return new FlowStep(context, kind, FlowFacts.of(context));
    }

    /** With facts the step has completed itself (what it keeps on the user, for instance). */
    public static FlowStep of(AuthenticationFlowContext context, StepKind<?> kind, SignIn facts) {
        return new FlowStep(context, kind, facts);
    }

    /** @param user the user as this step knows them, where the flow has not set one yet (an SSO session's) */
    public static FlowStep of(AuthenticationFlowContext context, StepKind<?> kind, UserModel user) {
        return new FlowStep(context, kind, FlowFacts.of(context, user));
    }

    /** A step's typed settings, as its kind reads them. */
    public static <S extends StepSettings> S settings(AuthenticationFlowContext context, StepKind<S> kind) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return kind.settings(config == null ? null : config.getId(), config == null ? null : config.getConfig());
    }

    public SignIn facts() {
        return facts;
    }

    public Decision decision() {
        return decision;
    }

    /** The rule as events name it: the step's configuration alias. */
    public String rule() {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return kind.ruleName(config == null ? null : config.getAlias());
    }

    /** A condition's answer to Keycloak: whether its sub-flow runs. */
    public boolean matches() {
        warnIfNeeded();
        if (decision.onlyReported()) {
            reportOnly();
            return false;
        }
        if (!decision.acts()) {
            return false;
        }
        MatchedRules.matched(context.getAuthenticationSession(), decision.asMatch(rule()));
        return true;
    }

    /** An enforcer's action to carry out, if it acts; a step-up is remembered for the step that acts on rules. */
    public Optional<Action> action() {
        warnIfNeeded();
        if (decision.onlyReported()) {
            reportOnly();
            return Optional.empty();
        }
        if (!decision.acts()) {
            return Optional.empty();
        }
        Optional<Action> action = decision.verdict().action();
        if (action.filter(Action.StepUp.class::isInstance).isPresent()) {
            MatchedRules.matched(context.getAuthenticationSession(), decision.asMatch(rule()));
        }
        return action;
    }

    /** Refuses the sign-in (event, page or OAuth error), naming the rules the refusal acts on. */
    public void refuse(Action.Deny deny, String customMessage) {
        String rules = deny.rules().isEmpty() ? rule() : String.join(", ", deny.rules());
        MatchedRules.clearFor(context.getAuthenticationSession());
        SignInRefusal.refuse(context, rules, decision.verdict().detail(), deny.messageKey(), customMessage);
    }

    private void reportOnly() {
        context.getEvent().detail(EventDetails.REPORT_ONLY,
                MatchedRules.reportOnly(context.getAuthenticationSession(), rule(), decision.verdict().detail()));
    }

    private void warnIfNeeded() {
        Verdict verdict = decision.verdict();
        if (verdict.reason() == Reason.BREAK_GLASS) {
            context.getEvent().detail(EventDetails.BREAK_GLASS_EXEMPT,
                    MatchedRules.exempted(context.getAuthenticationSession(), rule()));
            return;
        }
        String realm = context.getRealm().getName();
        if (verdict.misconfigured()) {
            LOG.warnf("Realm %s: %s is misconfigured (%s; %s): %s; treating it as %s", realm, rule(), verdict.reason().id(),
                    verdict.reason().advice(), verdict.detail(), verdict.applies() ? "matched" : "not matched");
        }
        verdict.warning().ifPresent(w -> LOG.warnf("Realm %s: %s: %s", realm, rule(), w));
    }
}
