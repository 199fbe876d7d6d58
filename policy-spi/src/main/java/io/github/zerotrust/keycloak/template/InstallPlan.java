package io.github.zerotrust.keycloak.template;

import io.github.zerotrust.keycloak.template.RealmState.FlowState;
import io.github.zerotrust.keycloak.template.RealmState.StepState;
import io.github.zerotrust.keycloak.template.TemplateRule.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What installing a template would change in a realm: flows to create, rules to add (report-only), flows to bind and
 * settings to propose, and what is left as it is. A rule already in the realm is never rewritten, so an admin's edit of
 * its settings is kept; planning again after the changes are made gives no changes.
 *
 * @param changes in the order they are made
 * @param kept    rules already there (as the template makes them, or with other settings, kept)
 * @param skipped rules the parameters leave out
 */
public record InstallPlan(Template template, TemplateParameters parameters, List<Change> changes, List<Note> kept, List<Note> skipped) {

    public static final String BROWSER = "browser";
    public static final String DIRECT_GRANT = "direct-grant";
    /** The binding of the partners' flow: each listed identity provider's post-broker-login flow. */
    public static final String POST_BROKER_LOGIN = "post-broker-login";

    public InstallPlan {
        changes = List.copyOf(changes);
        kept = List.copyOf(kept);
        skipped = List.copyOf(skipped);
    }

    /** The kinds of change, as the REST answer names them. */
    public enum Action {
        CREATE_FLOW("create-flow"), ADD_RULE("add-rule"), BIND_FLOW("bind-flow"), BIND_PROVIDER("bind-provider"),
        PROPOSE_SETTING("propose-setting");

        public final String id;

        Action(String id) {
            this.id = id;
        }
    }

    /**
     * One change.
     *
     * @param target  a flow alias (create, bind), a rule id (add, propose) or an identity provider's alias (bind-provider)
     * @param flow    the flow it is made in or binds
     * @param binding {@link #BROWSER}, {@link #DIRECT_GRANT} or {@link #POST_BROKER_LOGIN} for a flow's creation and binding
     * @param rule    the rule added or proposed
     * @param support a top-level step to add before the rule's sub-flow, when the flow lacks it
     */
    public record Change(Action action, String target, String detail, Optional<String> flow, Optional<String> binding,
                         Optional<TemplateRule> rule, Optional<String> support) {
    }

    /** A rule left as it is or left out, and why. */
    public record Note(String target, String why) {
    }

    /** The plan; {@code parameters} must be valid ({@link TemplateParameters#read}). */
    public static InstallPlan of(Template template, TemplateParameters parameters, RealmState realm) {
        List<Change> creates = new ArrayList<>();
        List<Change> adds = new ArrayList<>();
        List<Change> binds = new ArrayList<>();
        List<Change> proposals = new ArrayList<>();
        List<Note> kept = new ArrayList<>();
        List<Note> skipped = new ArrayList<>();
        Set<String> flowsUsed = new LinkedHashSet<>();
        Map<String, Set<String>> supportAdded = new HashMap<>();
        boolean installed = realm.installed().containsKey(template.id());
        for (TemplateRule rule : template.rules()) {
            if (rule.kind() == TemplateRule.Kind.SETTING) {
                if (RuleStates.settingApplied(rule, parameters, realm.settings())) {
                    kept.add(new Note(rule.id(), "already applied"));
                } else if (installed) {
                    kept.add(new Note(rule.id(), "proposed: promote it to apply it"));
                } else {
                    proposals.add(new Change(Action.PROPOSE_SETTING, rule.id(), RuleStates.settingDetail(rule, parameters) + "; applied when promoted",
                            Optional.empty(), Optional.empty(), Optional.of(rule), Optional.empty()));
                }
                continue;
            }
            String flow = rule.flow().orElseThrow();
            Optional<List<Step>> steps = rule.steps().apply(parameters);
            if (steps.isEmpty()) {
                skipped.add(new Note(rule.id(), "left out: " + whyLeftOut(rule)));
                continue;
            }
            flowsUsed.add(flow);
            Optional<List<StepState>> present = Optional.ofNullable(realm.flows().get(flow)).map(f -> f.subFlows().get(rule.id()));
            if (present.isPresent()) {
                kept.add(new Note(rule.id(), RuleStates.sameSettings(steps.get(), present.get()) ? "already there"
                        : "there with other settings than the template's with these parameters: kept as it is"));
                continue;
            }
            Optional<String> support = rule.support().filter(s -> !hasTopLevel(realm.flows().get(flow), s)
                    && !supportAdded.computeIfAbsent(flow, k -> new java.util.HashSet<>()).contains(s));
            support.ifPresent(s -> supportAdded.get(flow).add(s));
            adds.add(new Change(Action.ADD_RULE, rule.id(), "a CONDITIONAL sub-flow in '" + flow + "', report-only: " + rule.title()
                    + support.map(s -> " (with " + s + " before it)").orElse(""), Optional.of(flow), Optional.empty(), Optional.of(rule), support));
        }
        for (String flow : flowsUsed) {
            if (flow.equals(Templates.PARTNER_FLOW)) {
                if (!realm.flows().containsKey(flow)) {
                    creates.add(new Change(Action.CREATE_FLOW, flow, "a new top-level flow, empty but for the rules, for the"
                            + " post-broker-login of the partners' identity providers", Optional.of(flow), Optional.of(POST_BROKER_LOGIN),
                            Optional.empty(), Optional.empty()));
                }
                bindProviders(parameters, realm, binds, kept);
                continue;
            }
            String binding = flow.equals(Templates.BROWSER_FLOW) ? BROWSER : DIRECT_GRANT;
            String bound = binding.equals(BROWSER) ? realm.browserFlow() : realm.directGrantFlow();
            if (!realm.flows().containsKey(flow)) {
                creates.add(new Change(Action.CREATE_FLOW, flow, "a new top-level flow whose first REQUIRED sub-flow is a copy of '"
                        + bound + "'", Optional.of(flow), Optional.of(binding), Optional.empty(), Optional.empty()));
            }
            if (!flow.equals(bound)) {
                binds.add(new Change(Action.BIND_FLOW, flow, "bound as the " + binding + " flow (in place of '" + bound
                        + "'), through the lockout guard", Optional.of(flow), Optional.of(binding), Optional.empty(), Optional.empty()));
            }
        }
        List<Change> changes = new ArrayList<>(creates);
        changes.addAll(adds);
        changes.addAll(binds);
        changes.addAll(proposals);
        return new InstallPlan(template, parameters, changes, kept, skipped);
    }

    /**
     * The partners' flow as the post-broker-login flow of each listed provider that has none; a provider with another
     * flow of its own keeps it (the admin's steps are never dropped), and says so.
     */
    private static void bindProviders(TemplateParameters parameters, RealmState realm, List<Change> binds, List<Note> kept) {
        for (String alias : parameters.list(Templates.IDENTITY_PROVIDERS)) {
            String now = realm.providerFlows().getOrDefault(alias, "");
            if (now.equals(Templates.PARTNER_FLOW)) {
                kept.add(new Note(alias, "already signs in through '" + Templates.PARTNER_FLOW + "'"));
            } else if (!now.isEmpty()) {
                kept.add(new Note(alias, "has its own post-broker-login flow '" + now + "': kept as it is; bind '"
                        + Templates.PARTNER_FLOW + "' to it yourself, or add the rules there"));
            } else {
                binds.add(new Change(Action.BIND_PROVIDER, alias, "'" + Templates.PARTNER_FLOW + "' bound as the post-broker-login"
                        + " flow of identity provider '" + alias + "' (staff sign-ins do not pass it)",
                        Optional.of(Templates.PARTNER_FLOW), Optional.of(POST_BROKER_LOGIN), Optional.empty(), Optional.empty()));
            }
        }
    }

    private static boolean hasTopLevel(FlowState flow, String providerId) {
        return flow != null && flow.topLevelSteps().contains(providerId);
    }

    private static String whyLeftOut(TemplateRule rule) {
        return rule.id().startsWith("foundation-countries") || rule.id().equals("partners-countries")
                ? "no " + Templates.BLOCKED_COUNTRIES + " given"
                : rule.id().equals("intermediate-device-compliance") ? "no " + Templates.DEVICE_APPS + " given" : "not needed";
    }
}
