package io.github.zerotrust.keycloak.authn.whatif;

import io.github.zerotrust.keycloak.authn.device.DevicePreview;
import io.github.zerotrust.keycloak.authn.risk.RiskPreview;
import io.github.zerotrust.keycloak.authn.signin.FlowFacts;
import io.github.zerotrust.keycloak.policy.Action;
import io.github.zerotrust.keycloak.policy.Assurance;
import io.github.zerotrust.keycloak.policy.Decision;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import io.github.zerotrust.keycloak.policy.MatchedRule;
import io.github.zerotrust.keycloak.policy.SignIn;
import io.github.zerotrust.keycloak.policy.StepKind;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Walks one flow as Keycloak would run it for a fresh sign-in (no SSO cookie), step by step, asking the
 * step kinds the same questions a real sign-in asks: REQUIRED steps in order, a CONDITIONAL sub-flow only
 * when all its conditions match (evaluated in order, up to the first that does not), the first
 * alternative that is not the SSO cookie. The risk and device steps are run read only to give the steps
 * after them their facts. Keycloak's own conditions cannot be predicted: the steps they guard are shown
 * but do not decide the outcome.
 */
final class FlowWalk {

    /** The binding a flow runs under: it tells which device the risk and device steps see. */
    enum Binding { BROWSER, DIRECT_GRANT, POST_BROKER_LOGIN }

    private static final String COOKIE = "auth-cookie";
    private static final String RISK_STEP = "zt-risk-assessment";
    private static final String DEVICE_STEP = "zt-device-posture";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Question question;
    private final Binding binding;
    private SignIn facts;
    private Optional<DeviceThreat> deviceThreat = Optional.empty();
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<String> asks = new ArrayList<>();
    private final List<String> reportOnly = new ArrayList<>();
    private Map<String, Object> firstUnmet;
    private Map<String, Object> denied;
    /** The provider of each rule that matched so far, by rule name: what kind of fact a denial rests on. */
    private final Map<String, String> matchedProviders = new LinkedHashMap<>();
    private final List<String> deniedProviders = new ArrayList<>();
    private int stepUpLevel = Assurance.NONE;
    private boolean restricted;
    private Long enrolmentDaysLeft;
    /** Settings proposed but not stored, by execution id: walked in place of the stored ones (the lockout guard). */
    private final Map<String, Map<String, String>> proposed = new LinkedHashMap<>();

    FlowWalk(KeycloakSession session, RealmModel realm, Question question, Binding binding) {
        this.session = session;
        this.realm = realm;
        this.question = question;
        this.binding = binding;
        this.facts = SignIn.from(question.location().origin(), question.at())
                .withClient(question.client().map(c -> c.getClientId()))
                .withAssurance(question.assurance())
                .withRequestedScopes(question.scopes())
                .withUpstream(question.upstream());
        if (binding == Binding.POST_BROKER_LOGIN) {
            // Keycloak runs the post-broker-login flow for the user the provider's sign-in found or linked: known from the start.
            this.facts = facts.withWho(Optional.of(FlowFacts.who(session, realm, question.user(), Set.of())));
        }
    }

    /** Walks {@code executionId} with {@code config} in place of its stored settings; nothing is written. */
    FlowWalk proposing(String executionId, Map<String, String> config) {
        proposed.put(executionId, Map.copyOf(config));
        return this;
    }

    /** After {@link #walk}: the steps a conditional sub-flow would ask the user to pass (Keycloak provider ids). */
    List<String> asks() {
        return List.copyOf(asks);
    }

    /** The steps and the outcome of {@code flow}. */
    Map<String, Object> walk(AuthenticationFlowModel flow) {
        walkFlow(flow, true, false);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flow", flow.getAlias());
        answer.put("binding", binding.name().toLowerCase(Locale.ROOT));
        answer.put("steps", steps);
        answer.put("outcome", outcome());
        return answer;
    }

    /** After {@link #walk}: the refusal the flow ends in, if it does (rule, reason, step). */
    Optional<Map<String, Object>> denial() {
        return Optional.ofNullable(denied);
    }

    /** After a refusal: the providers it rests on (the matched conditions it names, then the refusing step). */
    List<String> deniedProviders() {
        return List.copyOf(deniedProviders);
    }

    private Map<String, Object> outcome() {
        Map<String, Object> outcome = new LinkedHashMap<>();
        if (denied != null) {
            outcome.put("result", "denied");
            outcome.putAll(denied);
        } else if (stepUpLevel != Assurance.NONE || !asks.isEmpty()) {
            outcome.put("result", "step-up");
        } else if (restricted) {
            outcome.put("result", "restricted");
        } else {
            outcome.put("result", "allowed");
        }
        if (stepUpLevel != Assurance.NONE) {
            outcome.put("stepUpTo", facts.assurance().nameOf(stepUpLevel));
        }
        outcome.put("asks", asks);
        if (enrolmentDaysLeft != null) {
            // The page lets the user go on ("later"): an offer, not a step the sign-in needs.
            outcome.put("enrolmentOffered", Map.of("daysLeft", enrolmentDaysLeft));
        }
        outcome.put("restricted", restricted);
        outcome.put("reportOnly", reportOnly);
        if (firstUnmet != null) {
            outcome.put("firstUnmet", firstUnmet);
        }
        return outcome;
    }

    /** @return whether the sign-in ended in this flow (refused) */
    private boolean walkFlow(AuthenticationFlowModel flow, boolean certain, boolean conditional) {
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(flow.getId())
                .filter(e -> !e.isDisabled()).filter(e -> !isCondition(e)).toList();
        boolean hasRequired = executions.stream().anyMatch(e -> e.isRequired() || e.isConditional());
        boolean alternativeTaken = false;
        for (AuthenticationExecutionModel execution : executions) {
            if (execution.isAlternative()) {
                // Keycloak ignores alternatives beside required steps; a fresh sign-in takes the first that is not the cookie.
                if (hasRequired || alternativeTaken || COOKIE.equals(execution.getAuthenticator())) {
                    continue;
                }
                alternativeTaken = true;
            }
            if (execution.isAuthenticatorFlow()) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(execution.getFlowId());
                if (sub == null) {
                    continue;
                }
                boolean ended;
                if (execution.isConditional()) {
                    Optional<Boolean> runs = conditionsHold(sub, certain);
                    if (runs.isPresent() && !runs.get()) {
                        continue;
                    }
                    ended = walkFlow(sub, certain && runs.isPresent(), true);
                } else {
                    ended = walkFlow(sub, certain, conditional);
                }
                if (ended) {
                    return true;
                }
            } else if (step(flow, execution, certain, conditional)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a conditional sub-flow runs: empty when a Keycloak condition in it cannot be predicted. */
    private Optional<Boolean> conditionsHold(AuthenticationFlowModel sub, boolean certain) {
        List<AuthenticationExecutionModel> conditions = realm.getAuthenticationExecutionsStream(sub.getId())
                .filter(e -> !e.isDisabled()).filter(this::isCondition).toList();
        if (conditions.isEmpty()) {
            return Optional.of(false);
        }
        boolean predictable = true;
        for (AuthenticationExecutionModel condition : conditions) {
            Optional<StepKind<?>> kind = StepKinds.byId(condition.getAuthenticator());
            if (kind.isEmpty()) {
                predictable = false;
                steps.add(unpredicted(sub, condition, "Keycloak's own condition: not predicted"));
                continue;
            }
            Decision decision = decide(kind.get(), condition);
            steps.add(describe(sub, condition, kind.get(), decision, certain));
            // As in a real sign-in, a condition that matched is remembered even when a later one does not.
            remember(decision, condition);
            if (!decision.acts()) {
                if (firstUnmet == null && certain) {
                    firstUnmet = Map.of("flow", sub.getAlias(), "rule", rule(kind.get(), condition),
                            "provider", condition.getAuthenticator(), "reason", decision.verdict().detail());
                }
                return Optional.of(false);
            }
        }
        return predictable ? Optional.of(true) : Optional.empty();
    }

    /** @return whether the step ends the sign-in (a refusal) */
    private boolean step(AuthenticationFlowModel flow, AuthenticationExecutionModel execution, boolean certain, boolean conditional) {
        String provider = execution.getAuthenticator();
        Optional<StepKind<?>> kind = StepKinds.byId(provider);
        if (kind.isPresent()) {
            return enforce(flow, execution, kind.get(), certain);
        }
        if (RISK_STEP.equals(provider)) {
            assessRisk(flow, execution);
        } else if (DEVICE_STEP.equals(provider)) {
            checkDevice(flow, execution);
        } else if (provider != null && provider.startsWith("zt-")) {
            steps.add(unpredicted(flow, execution, "needs what a real sign-in presents (a security key): not predicted"));
        } else if (provider != null) {
            // Keycloak's own sign-in steps: past the first, the user is known.
            if (facts.who().isEmpty()) {
                facts = facts.withWho(Optional.of(FlowFacts.who(session, realm, question.user(), Set.of())));
            }
            if (conditional && certain) {
                asks.add(provider);
            }
        }
        return false;
    }

    private boolean enforce(AuthenticationFlowModel flow, AuthenticationExecutionModel execution, StepKind<?> kind, boolean certain) {
        boolean needsUser = kind == StepKinds.REQUIRE_MFA || kind == StepKinds.ENROLMENT_GUARD;
        if (needsUser && facts.who().isEmpty()) {
            steps.add(unpredicted(flow, execution, "needs the user, who is not known yet at this step"));
            return false;
        }
        Decision decision = decide(kind, execution);
        steps.add(describe(flow, execution, kind, decision, certain));
        if (decision.onlyReported()) {
            reportOnly.add(rule(kind, execution) + ": would " + decision.verdict().detail());
        }
        if (!decision.acts() || decision.verdict().action().isEmpty() || !certain) {
            return false;
        }
        Action action = decision.verdict().action().get();
        if (action instanceof Action.Deny deny) {
            denied = new LinkedHashMap<>();
            denied.put("rule", deny.rules().isEmpty() ? rule(kind, execution) : String.join(", ", deny.rules()));
            denied.put("reason", decision.verdict().detail());
            denied.put("step", rule(kind, execution));
            deny.rules().forEach(r -> Optional.ofNullable(matchedProviders.get(r)).ifPresent(deniedProviders::add));
            deniedProviders.add(kind.providerId());
            return true;
        }
        if (action instanceof Action.StepUp stepUp) {
            stepUpLevel = Math.max(stepUpLevel, stepUp.level());
            if (stepUp.level() > facts.assurance().requestedLevel()) {
                facts = facts.withAssurance(new Assurance(stepUp.level(), facts.assurance().acrLevels()));
            }
            remember(decision, execution);
        } else if (action instanceof Action.Restrict) {
            restricted = true;
        } else if (action instanceof Action.OfferEnrolment offer) {
            enrolmentDaysLeft = offer.daysLeft();
        }
        return false;
    }

    private void assessRisk(AuthenticationFlowModel flow, AuthenticationExecutionModel execution) {
        String device = binding == Binding.DIRECT_GRANT
                ? "client:" + question.client().map(c -> c.getClientId()).orElse("")
                : question.device().orElse(null);
        Assessment assessment = question.assessment().orElseGet(() -> RiskPreview.assess(session, realm, question.user(),
                question.location(), device, deviceThreat, question.at(), config(execution)));
        facts = facts.withAssessment(Optional.of(assessment));
        Map<String, Object> step = base(flow, execution, "gatherer");
        step.put("risk", Map.of("score", assessment.score(), "level", assessment.level().name().toLowerCase(Locale.ROOT),
                "reasons", assessment.reasonNames().isEmpty() ? List.of() : List.of(assessment.reasonNames().split(","))));
        steps.add(step);
    }

    private void checkDevice(AuthenticationFlowModel flow, AuthenticationExecutionModel execution) {
        DevicePreview.Found found = question.compliance()
                .map(f -> new DevicePreview.Found(f.vouchedBy(question.upstream()), Optional.<DeviceThreat>empty()))
                .orElseGet(() -> DevicePreview.of(session, realm, question.user(),
                        binding != Binding.DIRECT_GRANT ? question.device() : Optional.empty(), config(execution), question.at(),
                        question.upstream()));
        DeviceFinding finding = found.finding();
        facts = facts.withDevice(Optional.of(finding));
        deviceThreat = found.threat();
        Map<String, Object> step = base(flow, execution, "gatherer");
        step.put("device", Map.of("status", finding.status().name().toLowerCase(Locale.ROOT),
                "trust", finding.trust().claimValue(), "failures", finding.failureIds()));
        steps.add(step);
    }

    private Decision decide(StepKind<?> kind, AuthenticationExecutionModel execution) {
        AuthenticatorConfigModel model = configModel(execution);
        return kind.decide(facts, model == null ? null : model.getId(), config(execution));
    }

    private void remember(Decision decision, AuthenticationExecutionModel execution) {
        if (decision.acts()) {
            List<MatchedRule> matched = new ArrayList<>(facts.matched());
            MatchedRule match = decision.asMatch(rule(decision.kind(), execution));
            matchedProviders.putIfAbsent(match.rule(), decision.kind().providerId());
            if (!matched.contains(match)) {
                matched.add(match);
            }
            facts = facts.withMatched(matched);
        }
    }

    private Map<String, Object> describe(AuthenticationFlowModel flow, AuthenticationExecutionModel execution, StepKind<?> kind,
                                         Decision decision, boolean certain) {
        Map<String, Object> step = base(flow, execution, kind.role().name().toLowerCase(Locale.ROOT));
        step.put("decision", decision.state().id());
        step.put("matches", decision.verdict().applies());
        step.put("acts", decision.acts());
        step.put("reportOnly", decision.reportOnly());
        step.put("misconfigured", decision.verdict().misconfigured());
        step.put("reasonId", decision.verdict().reason().id());
        step.put("reason", decision.verdict().detail());
        step.put("certain", certain);
        return step;
    }

    private Map<String, Object> unpredicted(AuthenticationFlowModel flow, AuthenticationExecutionModel execution, String why) {
        Map<String, Object> step = base(flow, execution, execution.getAuthenticator().startsWith("zt-") ? "enforcer" : "keycloak");
        step.put("decision", "not-predicted");
        step.put("reason", why);
        return step;
    }

    private Map<String, Object> base(AuthenticationFlowModel flow, AuthenticationExecutionModel execution, String role) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("flow", flow.getAlias());
        step.put("provider", execution.getAuthenticator());
        AuthenticatorConfigModel model = configModel(execution);
        step.put("rule", StepKinds.byId(execution.getAuthenticator()).map(k -> rule(k, execution))
                .orElse(model != null && model.getAlias() != null ? model.getAlias() : execution.getAuthenticator()));
        step.put("role", role);
        return step;
    }

    private String rule(StepKind<?> kind, AuthenticationExecutionModel execution) {
        AuthenticatorConfigModel model = configModel(execution);
        return kind.ruleName(model == null ? null : model.getAlias());
    }

    private Map<String, String> config(AuthenticationExecutionModel execution) {
        Map<String, String> change = proposed.get(execution.getId());
        if (change != null) {
            return change;
        }
        AuthenticatorConfigModel model = configModel(execution);
        return model == null || model.getConfig() == null ? Map.of() : model.getConfig();
    }

    private AuthenticatorConfigModel configModel(AuthenticationExecutionModel execution) {
        return execution.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
    }

    private boolean isCondition(AuthenticationExecutionModel execution) {
        if (execution.isAuthenticatorFlow() || execution.getAuthenticator() == null) {
            return false;
        }
        return StepKinds.byId(execution.getAuthenticator()).map(k -> k.role() == StepKind.Role.CONDITION)
                .orElse(execution.getAuthenticator().startsWith("conditional-"));
    }
}
