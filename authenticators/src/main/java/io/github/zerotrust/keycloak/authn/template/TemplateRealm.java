package io.github.zerotrust.keycloak.authn.template;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.template.InstallPlan;
import io.github.zerotrust.keycloak.template.RealmState;
import io.github.zerotrust.keycloak.template.RealmState.FlowState;
import io.github.zerotrust.keycloak.template.RealmState.StepState;
import io.github.zerotrust.keycloak.template.RuleStates;
import io.github.zerotrust.keycloak.template.TemplateParameters;
import io.github.zerotrust.keycloak.template.TemplateRule;
import io.github.zerotrust.keycloak.template.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.resources.admin.AuthenticationManagementResource;

/** The realm as the templates see it ({@link RealmState}), and the writes an install or a promotion makes. */
final class TemplateRealm {

    static final String BASIC_FLOW = "basic-flow";
    private static final String ANY_CLIENT = "any-client";

    private final KeycloakSession session;
    private final RealmModel realm;

    TemplateRealm(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    // ---- reading

    RealmState state() {
        Map<String, FlowState> flows = new LinkedHashMap<>();
        for (String alias : List.of(Templates.BROWSER_FLOW, Templates.DIRECT_GRANT_FLOW, Templates.PARTNER_FLOW)) {
            AuthenticationFlowModel flow = realm.getFlowByAlias(alias);
            if (flow != null && flow.isTopLevel()) {
                flows.put(alias, flowState(flow));
            }
        }
        Map<String, String> providerFlows = new LinkedHashMap<>();
        session.identityProviders().getAllStream().forEach(idp -> providerFlows.put(idp.getAlias(),
                idp.getPostBrokerLoginFlowId() == null ? "" : aliasOf(realm.getAuthenticationFlowById(idp.getPostBrokerLoginFlowId()))));
        return new RealmState(flows, aliasOf(realm.getBrowserFlow()), aliasOf(realm.getDirectGrantFlow()), settings(),
                InstalledTemplates.read(realm), providerFlows);
    }

    private static String aliasOf(AuthenticationFlowModel flow) {
        return flow == null ? "" : flow.getAlias();
    }

    private FlowState flowState(AuthenticationFlowModel flow) {
        List<String> top = new ArrayList<>();
        Map<String, List<StepState>> subFlows = new LinkedHashMap<>();
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            if (e.isAuthenticatorFlow()) {
                AuthenticationFlowModel sub = e.getFlowId() == null ? null : realm.getAuthenticationFlowById(e.getFlowId());
                if (sub != null) {
                    subFlows.put(sub.getAlias(), steps(sub));
                }
            } else if (e.getAuthenticator() != null) {
                top.add(e.getAuthenticator());
            }
        }
        return new FlowState(top, subFlows);
    }

    private List<StepState> steps(AuthenticationFlowModel sub) {
        List<StepState> steps = new ArrayList<>();
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(sub.getId()).toList()) {
            AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
            steps.add(new StepState(e.isAuthenticatorFlow() ? "(sub-flow)" : String.valueOf(e.getAuthenticator()),
                    Optional.ofNullable(config).map(AuthenticatorConfigModel::getAlias),
                    config == null || config.getConfig() == null ? Map.of() : withoutNulls(config.getConfig())));
        }
        return steps;
    }

    private static Map<String, String> withoutNulls(Map<String, String> config) {
        Map<String, String> copy = new LinkedHashMap<>();
        config.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private RealmState.Settings settings() {
        RequiredActionProviderModel elevate = realm.getRequiredActionProviderByAlias(Templates.ELEVATE_ACTION);
        Map<String, String> attributes = realm.getAttributes();
        List<String> roles = ConfigMap.of(attributes).names(ElevationSettings.PRIVILEGED_ROLES);
        boolean refresh = false;
        boolean strict = false;
        try {
            Map<String, Boolean> profiles = new LinkedHashMap<>();
            ClientProfilesRepresentation all = session.clientPolicy().getClientProfiles(realm, true);
            for (List<ClientProfileRepresentation> list : java.util.Arrays.asList(all.getProfiles(), all.getGlobalProfiles())) {
                for (ClientProfileRepresentation p : list == null ? List.<ClientProfileRepresentation>of() : list) {
                    for (ClientPolicyExecutorRepresentation e : p.getExecutors() == null ? List.<ClientPolicyExecutorRepresentation>of() : p.getExecutors()) {
                        if (Templates.REFRESH_EXECUTOR.equals(e.getExecutorProviderId())) {
                            boolean isStrict = e.getConfiguration() != null && "true".equals(e.getConfiguration().path(Templates.STRICT_LOCATION).asText());
                            profiles.merge(p.getName(), isStrict, Boolean::logicalOr);
                        }
                    }
                }
            }
            ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, true);
            for (List<ClientPolicyRepresentation> list : java.util.Arrays.asList(policies.getPolicies(), policies.getGlobalPolicies())) {
                for (ClientPolicyRepresentation p : list == null ? List.<ClientPolicyRepresentation>of() : list) {
                    if (Boolean.TRUE.equals(p.isEnabled()) && p.getProfiles() != null) {
                        for (String name : p.getProfiles()) {
                            if (profiles.containsKey(name)) {
                                refresh = true;
                                strict |= profiles.get(name);
                            }
                        }
                    }
                }
            }
        } catch (ClientPolicyException | RuntimeException e) {
            // Unreadable client policies run nothing at a refresh: the rule counts as not applied.
            refresh = false;
            strict = false;
        }
        return new RealmState.Settings(realm.isBruteForceProtected(), realm.getFailureFactor(),
                elevate != null && elevate.isEnabled(), roles, refresh, strict);
    }

    // ---- writing

    /** A new top-level flow whose first REQUIRED step is a deep copy of the flow bound now, by Keycloak's own copy. */
    void createFlow(InstallPlan.Change change) throws ProblemException {
        String alias = change.target();
        if (InstallPlan.POST_BROKER_LOGIN.equals(change.binding().orElseThrow())) {
            // After a brokered sign-in: Keycloak has authenticated the user at the provider, the flow holds only the rules.
            requireFreeFlowAlias(alias);
            newFlow(alias, true, "Made by the zero-trust templates: the rules every partner sign-in passes after the partner's"
                    + " identity provider.");
            return;
        }
        boolean browser = InstallPlan.BROWSER.equals(change.binding().orElseThrow());
        AuthenticationFlowModel bound = browser ? realm.getBrowserFlow() : realm.getDirectGrantFlow();
        if (bound == null) {
            throw new ProblemException(Problem.conflict("no-bound-flow", "The realm has no " + change.binding().get() + " flow to copy."));
        }
        requireFreeFlowAlias(alias);
        String signIn = alias + " sign-in";
        requireFreeFlowAlias(signIn);
        AuthenticationFlowModel top = newFlow(alias, true, "Made by the zero-trust templates: the sign-in, then each rule.");
        AuthenticationFlowModel sub = newFlow(signIn, false, "A copy of '" + bound.getAlias() + "'.");
        AuthenticationManagementResource.copy(session, realm, signIn, bound, sub);
        addExecution(top, null, sub.getId(), AuthenticationExecutionModel.Requirement.REQUIRED, null);
    }

    /**
     * The partners' flow as the provider's post-broker-login flow; answers what was bound, for the answer and the
     * admin event. The plan binds only a provider without one; one that has gained a flow since is refused.
     */
    Map<String, Object> bindProvider(InstallPlan.Change change) throws ProblemException {
        IdentityProviderModel provider = session.identityProviders().getByAlias(change.target());
        AuthenticationFlowModel flow = realm.getFlowByAlias(change.flow().orElseThrow());
        if (provider == null || flow == null) {
            throw new ProblemException(Problem.conflict("no-such-identity-provider", "Identity provider "
                    + Problem.quoted(change.target()) + " is gone: install again."));
        }
        if (provider.getPostBrokerLoginFlowId() != null && !provider.getPostBrokerLoginFlowId().equals(flow.getId())) {
            throw new ProblemException(Problem.conflict("post-broker-flow-taken", "Identity provider " + Problem.quoted(change.target())
                    + " has a post-broker-login flow of its own now: install again."));
        }
        provider.setPostBrokerLoginFlowId(flow.getId());
        session.identityProviders().update(provider);
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("identityProvider", provider.getAlias());
        bound.put("postBrokerLoginFlow", flow.getAlias());
        return bound;
    }

    /** The rule's CONDITIONAL sub-flow, at the end of its flow, with every report-only switch on. */
    void addRule(InstallPlan.Change change, TemplateParameters parameters) throws ProblemException {
        TemplateRule rule = change.rule().orElseThrow();
        AuthenticationFlowModel top = realm.getFlowByAlias(change.flow().orElseThrow());
        List<TemplateRule.Step> steps = rule.steps().apply(parameters).orElseThrow();
        requireFreeFlowAlias(rule.id());
        for (TemplateRule.Step step : steps) {
            if (realm.getAuthenticatorConfigByAlias(step.configAlias()) != null) {
                throw new ProblemException(Problem.conflict("alias-taken", "A step configuration named "
                        + Problem.quoted(step.configAlias()) + " already exists in the realm: rename it, then install again."));
            }
        }
        if (change.support().isPresent()) {
            addExecution(top, change.support().get(), null, AuthenticationExecutionModel.Requirement.REQUIRED, null);
        }
        AuthenticationFlowModel sub = newFlow(rule.id(), false, rule.title() + " (zero-trust template rule).");
        addExecution(top, null, sub.getId(), AuthenticationExecutionModel.Requirement.CONDITIONAL, null);
        for (TemplateRule.Step step : steps) {
            AuthenticatorConfigModel config = new AuthenticatorConfigModel();
            config.setAlias(step.configAlias());
            config.setConfig(new java.util.HashMap<>(step.configWith(true)));
            config = realm.addAuthenticatorConfig(config);
            addExecution(sub, step.providerId(), null, AuthenticationExecutionModel.Requirement.REQUIRED, config.getId());
        }
    }

    private void requireFreeFlowAlias(String alias) throws ProblemException {
        if (realm.getFlowByAlias(alias) != null) {
            throw new ProblemException(Problem.conflict("alias-taken", "A flow named " + Problem.quoted(alias)
                    + " already exists in the realm outside the template's flows: rename it, then install again."));
        }
    }

    private AuthenticationFlowModel newFlow(String alias, boolean topLevel, String description) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId(BASIC_FLOW);
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return realm.addAuthenticationFlow(flow);
    }

    private void addExecution(AuthenticationFlowModel parent, String authenticator, String subFlowId,
                              AuthenticationExecutionModel.Requirement requirement, String configId) {
        int priority = realm.getAuthenticationExecutionsStream(parent.getId()).mapToInt(AuthenticationExecutionModel::getPriority)
                .max().orElse(0) + 10;
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        if (subFlowId != null) {
            execution.setAuthenticatorFlow(true);
            execution.setFlowId(subFlowId);
        } else {
            execution.setAuthenticatorFlow(false);
            execution.setAuthenticator(authenticator);
        }
        execution.setAuthenticatorConfig(configId);
        realm.addAuthenticatorExecution(execution);
    }

    /** Applies a settings rule; answers what it set, for the answer and the admin event. */
    Map<String, Object> applySetting(TemplateRule rule, TemplateParameters parameters, RealmState.Settings now) throws ProblemException {
        Map<String, Object> set = new LinkedHashMap<>();
        switch (rule.setting().orElseThrow()) {
            case BRUTE_FORCE -> {
                int factor = RuleStates.failureFactor(now);
                realm.setBruteForceProtected(true);
                realm.setFailureFactor(factor);
                set.put("bruteForceProtected", true);
                set.put("failureFactor", factor);
            }
            case JIT_ONLY -> {
                LinkedHashSet<String> roles = new LinkedHashSet<>(now.privilegedRoles());
                roles.addAll(parameters.list(Templates.PRIVILEGED_ROLES));
                realm.setAttribute(ElevationSettings.PRIVILEGED_ROLES, String.join(",", roles));
                RequiredActionProviderModel action = realm.getRequiredActionProviderByAlias(Templates.ELEVATE_ACTION);
                if (action == null) {
                    action = new RequiredActionProviderModel();
                    action.setAlias(Templates.ELEVATE_ACTION);
                    action.setProviderId(Templates.ELEVATE_ACTION);
                    action.setName("Zero Trust - activate a privileged role");
                    action.setEnabled(true);
                    action.setDefaultAction(false);
                    action.setPriority(1000);
                    realm.addRequiredActionProvider(action);
                } else if (!action.isEnabled()) {
                    action.setEnabled(true);
                    realm.updateRequiredActionProvider(action);
                }
                set.put(ElevationSettings.PRIVILEGED_ROLES, List.copyOf(roles));
                set.put("requiredAction", Templates.ELEVATE_ACTION);
            }
            case STRICT_REFRESH -> {
                strictRefresh();
                set.put("clientProfile", Templates.REFRESH_PROFILE);
                set.put("clientPolicy", Templates.REFRESH_PROFILE);
                set.put(Templates.STRICT_LOCATION, "true");
            }
            default -> throw new IllegalStateException();
        }
        return set;
    }

    /** Adds (or completes) the realm's own profile and policy named zt-continuous-access; every other one is sent back as it was. */
    private void strictRefresh() throws ProblemException {
        try {
            ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, false);
            List<ClientProfileRepresentation> list = new ArrayList<>(profiles.getProfiles() == null ? List.of() : profiles.getProfiles());
            ClientProfileRepresentation ours = list.stream().filter(p -> Templates.REFRESH_PROFILE.equals(p.getName())).findFirst().orElse(null);
            if (ours == null) {
                ours = new ClientProfileRepresentation();
                ours.setName(Templates.REFRESH_PROFILE);
                ours.setDescription("Zero trust: every refresh judged again, with strict location (template advanced).");
                ours.setExecutors(new ArrayList<>());
                list.add(ours);
            }
            List<ClientPolicyExecutorRepresentation> executors = new ArrayList<>(ours.getExecutors() == null ? List.of() : ours.getExecutors());
            ClientPolicyExecutorRepresentation executor = executors.stream()
                    .filter(e -> Templates.REFRESH_EXECUTOR.equals(e.getExecutorProviderId())).findFirst().orElse(null);
            if (executor == null) {
                executor = new ClientPolicyExecutorRepresentation();
                executor.setExecutorProviderId(Templates.REFRESH_EXECUTOR);
                executors.add(executor);
            }
            ObjectNode configuration = executor.getConfiguration() instanceof ObjectNode o ? o.deepCopy() : JsonFormat.lenient().createObjectNode();
            configuration.put(Templates.STRICT_LOCATION, "true");
            executor.setConfiguration(configuration);
            ours.setExecutors(executors);
            profiles.setProfiles(list);
            profiles.setGlobalProfiles(null);
            session.clientPolicy().updateClientProfiles(realm, profiles);

            ClientPoliciesRepresentation policies = session.clientPolicy().getClientPolicies(realm, false);
            List<ClientPolicyRepresentation> policyList = new ArrayList<>(policies.getPolicies() == null ? List.of() : policies.getPolicies());
            ClientPolicyRepresentation policy = policyList.stream().filter(p -> Templates.REFRESH_PROFILE.equals(p.getName())).findFirst().orElse(null);
            if (policy == null) {
                policy = new ClientPolicyRepresentation();
                policy.setName(Templates.REFRESH_PROFILE);
                policy.setDescription("Zero trust: every refresh judged again (template advanced).");
                ClientPolicyConditionRepresentation any = new ClientPolicyConditionRepresentation();
                any.setConditionProviderId(ANY_CLIENT);
                any.setConfiguration(JsonFormat.lenient().createObjectNode());
                policy.setConditions(new ArrayList<>(List.of(any)));
                policy.setProfiles(new ArrayList<>());
                policyList.add(policy);
            }
            policy.setEnabled(true);
            List<String> names = new ArrayList<>(policy.getProfiles() == null ? List.of() : policy.getProfiles());
            if (!names.contains(Templates.REFRESH_PROFILE)) {
                names.add(Templates.REFRESH_PROFILE);
            }
            policy.setProfiles(names);
            policies.setPolicies(policyList);
            policies.setGlobalPolicies(null);
            session.clientPolicy().updateClientPolicies(realm, policies);
        } catch (ClientPolicyException e) {
            throw new ProblemException(Problem.conflict("client-policies-refused", "Keycloak refused the client policies: "
                    + e.getErrorDetail()));
        }
    }

}
