package io.github.zerotrust.keycloak.authn.template;

import io.github.zerotrust.keycloak.authn.guard.GuardResource;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.template.InstallPlan;
import io.github.zerotrust.keycloak.template.RealmState;
import io.github.zerotrust.keycloak.template.RuleStates;
import io.github.zerotrust.keycloak.template.Template;
import io.github.zerotrust.keycloak.template.TemplateParameters;
import io.github.zerotrust.keycloak.template.TemplateRule;
import io.github.zerotrust.keycloak.template.Templates;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/templates}: the roadmap templates. Listing and previewing need view-realm and
 * change nothing; installing and promoting need manage-realm. An install adds every flow rule report-only and binds the
 * template flows through the lockout guard, all or nothing; a promotion of a flow rule is exactly the guard's
 * {@code enforce}; a settings rule is applied only by its promotion.
 */
public final class TemplatesResource {

    static final int MAX_BODY_BYTES = 16 * 1024;
    static final String NO_SUCH_TEMPLATE = "no-such-template";
    static final String NO_SUCH_RULE = "no-such-rule";
    static final String NOT_INSTALLED = "template-not-installed";
    static final String RULE_NOT_INSTALLED = "rule-not-installed";
    static final String INVALID_PARAMETERS = "invalid-parameters";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public TemplatesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.realm().requireViewRealm();
        RealmState state = new TemplateRealm(session, realm).state();
        List<Map<String, Object>> templates = new ArrayList<>();
        for (Template template : Templates.ALL) {
            TemplateParameters parameters = current(template, state);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", template.id());
            view.put("stage", template.stage());
            view.put("title", template.title());
            view.put("description", template.description());
            view.put("version", template.version());
            view.put("installed", state.installed().containsKey(template.id()));
            view.put("parameters", parameters.values());
            view.put("parameterHelp", template.parameters().stream().map(p -> Map.of("name", p.name(), "help", p.help(),
                    "default", p.defaultValue())).toList());
            List<Map<String, Object>> rules = new ArrayList<>();
            for (TemplateRule rule : template.rules()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("id", rule.id());
                r.put("title", rule.title());
                r.put("kind", rule.kind().id);
                r.put("flow", rule.flow().orElse(null));
                r.put("step", rule.reportOnlySwitch(parameters).map(TemplateRule.Step::configAlias).orElse(null));
                r.put("state", RuleStates.of(template, rule, parameters, state).id);
                rules.add(r);
            }
            view.put("rules", rules);
            templates.add(view);
        }
        return Response.ok(Map.of("templates", templates)).build();
    }

    @POST
    @Path("{id}/preview")
    @Produces(MediaType.APPLICATION_JSON)
    public Response preview(@PathParam("id") String id, InputStream body) {
        auth.realm().requireViewRealm();
        try {
            Template template = template(id);
            RealmState state = new TemplateRealm(session, realm).state();
            InstallPlan plan = InstallPlan.of(template, parameters(template, state, body), state);
            return Response.ok(view(plan)).build();
        } catch (ProblemException e) {
            return e.problem().response();
        }
    }

    @POST
    @Path("{id}/install")
    @Produces(MediaType.APPLICATION_JSON)
    public Response install(@PathParam("id") String id, InputStream body) {
        auth.realm().requireManageRealm();
        try {
            Template template = template(id);
            RealmState state = new TemplateRealm(session, realm).state();
            TemplateParameters parameters = parameters(template, state, body);
            InstallPlan plan = InstallPlan.of(template, parameters, state);
            boolean recorded = changesRecord(state, template, parameters);
            List<Object> bindings = new ArrayList<>();
            Optional<Response> refused = installNow(template, parameters, state, plan, bindings);
            if (refused.isPresent()) {
                return refused.get();
            }
            Map<String, Object> answer = view(plan);
            answer.put("installed", true);
            answer.put("bindings", bindings);
            if (!plan.changes().isEmpty() || recorded) {
                adminEvent.operation(OperationType.CREATE).resource(ResourceType.REALM)
                        .resourcePath("zero-trust", "templates", template.id(), "install")
                        .representation(Map.of("template", template.id(), "version", template.version(),
                                "parameters", parameters.values(), "changes", answer.get("changes")))
                        .success();
            }
            return Response.ok(answer).build();
        } catch (ProblemException e) {
            session.getTransactionManager().setRollbackOnly();
            return e.problem().response();
        }
    }

    /**
     * Installs {@code template} with {@code parameters} now: the plan's flows and rules written, what is installed
     * recorded, its flows bound through the lockout guard. A binding the guard refuses is the answer, and the request's
     * transaction is then marked for rollback, so nothing written here (or by the caller) stays. Rights are the
     * caller's to check (manage-realm). A step it cannot write (a name taken) is thrown; the caller rolls back.
     * Also the configuration import's way in ({@link TemplateSection}).
     */
    Optional<Response> installNow(Template template, TemplateParameters parameters) throws ProblemException {
        RealmState state = new TemplateRealm(session, realm).state();
        return installNow(template, parameters, state, InstallPlan.of(template, parameters, state), new ArrayList<>());
    }

    /** The same, with the realm already read and the plan made from it; the bindings made are added to {@code bindings}. */
    private Optional<Response> installNow(Template template, TemplateParameters parameters, RealmState state, InstallPlan plan,
                                          List<Object> bindings) throws ProblemException {
        TemplateRealm writer = new TemplateRealm(session, realm);
        // Binding a provider's flow is what Keycloak's own identity-provider page asks for: checked before anything is written.
        if (plan.changes().stream().anyMatch(c -> c.action() == InstallPlan.Action.BIND_PROVIDER)
                && !auth.realm().canManageIdentityProviders()) {
            throw new ProblemException(Problem.forbidden("manage-identity-providers-required", "Nothing was changed: binding"
                    + " the partners' flow to an identity provider needs the right to manage identity providers."));
        }
        for (InstallPlan.Change change : plan.changes()) {
            switch (change.action()) {
                case CREATE_FLOW -> writer.createFlow(change);
                case ADD_RULE -> writer.addRule(change, parameters);
                default -> { }
            }
        }
        if (changesRecord(state, template, parameters)) {
            InstalledTemplates.record(realm, template, parameters);
        }
        GuardResource guard = new GuardResource(session, realm, auth, adminEvent);
        for (InstallPlan.Change change : plan.changes()) {
            if (change.action() == InstallPlan.Action.BIND_FLOW) {
                Response bound = guard.bindFlow(change.target(), change.binding().orElseThrow());
                if (bound.getStatus() != 200) {
                    // All or nothing: the flows made above go with the refusal.
                    session.getTransactionManager().setRollbackOnly();
                    return Optional.of(bound);
                }
                bindings.add(bound.getEntity());
            } else if (change.action() == InstallPlan.Action.BIND_PROVIDER) {
                Map<String, Object> bound = writer.bindProvider(change);
                adminEvent.operation(OperationType.UPDATE).resource(ResourceType.IDENTITY_PROVIDER)
                        .resourcePath("identity-provider", "instances", change.target()).representation(bound).success();
                bindings.add(bound);
            }
        }
        return Optional.empty();
    }

    @POST
    @Path("{id}/rules/{ruleId}/promote")
    @Produces(MediaType.APPLICATION_JSON)
    public Response promote(@PathParam("id") String id, @PathParam("ruleId") String ruleId) {
        auth.realm().requireManageRealm();
        try {
            Template template = template(id);
            TemplateRule rule = template.rule(ruleId).orElseThrow(() -> new ProblemException(Problem.notFound(NO_SUCH_RULE,
                    "Template " + template.id() + " has no rule " + Problem.quoted(ruleId) + ".")));
            TemplateRealm writer = new TemplateRealm(session, realm);
            RealmState state = writer.state();
            RealmState.Installed installed = state.installed().get(template.id());
            if (installed == null) {
                throw new ProblemException(Problem.conflict(NOT_INSTALLED, "Template " + template.id()
                        + " is not installed: install it (it starts report-only), then promote its rules."));
            }
            if (rule.kind() == TemplateRule.Kind.FLOW) {
                String flow = rule.flow().orElseThrow();
                boolean present = Optional.ofNullable(state.flows().get(flow)).map(f -> f.subFlows().containsKey(rule.id())).orElse(false);
                Optional<TemplateRule.Step> step = rule.reportOnlySwitch(installed.parameters());
                if (!present || step.isEmpty()) {
                    throw new ProblemException(Problem.conflict(RULE_NOT_INSTALLED, "Rule " + rule.id() + " is not in '" + flow
                            + "'" + (step.isEmpty() ? ": its parameters leave it out" : ": install the template again") + "."));
                }
                return new GuardResource(session, realm, auth, adminEvent).enforceStep(flow, step.get().configAlias());
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("template", template.id());
            answer.put("rule", rule.id());
            answer.put("kind", rule.kind().id);
            if (RuleStates.settingApplied(rule, installed.parameters(), state.settings())) {
                answer.put("changed", false);
                answer.put("state", RuleStates.State.APPLIED.id);
                return Response.ok(answer).build();
            }
            Map<String, Object> set = writer.applySetting(rule, installed.parameters(), state.settings());
            answer.put("set", set);
            answer.put("state", RuleStates.State.APPLIED.id);
            answer.put("changed", true);
            adminEvent.operation(OperationType.UPDATE).resource(ResourceType.REALM)
                    .resourcePath("zero-trust", "templates", template.id(), "rules", rule.id(), "promote")
                    .representation(answer).success();
            return Response.ok(answer).build();
        } catch (ProblemException e) {
            session.getTransactionManager().setRollbackOnly();
            return e.problem().response();
        }
    }

    // ---- helpers

    private static Template template(String id) throws ProblemException {
        return Templates.byId(id).orElseThrow(() -> new ProblemException(Problem.notFound(NO_SUCH_TEMPLATE,
                "No template " + Problem.quoted(id) + "; the templates are " + Templates.ALL.stream().map(Template::id).toList() + ".")));
    }

    /** True when installing {@code template} with {@code parameters} changes what {@code zt.templates} records. */
    private static boolean changesRecord(RealmState state, Template template, TemplateParameters parameters) {
        return !Optional.ofNullable(state.installed().get(template.id()))
                .filter(i -> i.version() == template.version() && i.parameters().equals(parameters)).isPresent();
    }

    private static TemplateParameters current(Template template, RealmState state) {
        return Optional.ofNullable(state.installed().get(template.id())).map(RealmState.Installed::parameters)
                .orElse(TemplateParameters.defaults(template));
    }

    private TemplateParameters parameters(Template template, RealmState state, InputStream body) throws ProblemException {
        TemplateRequest request = JsonBody.valueOrEmpty(session, body, MAX_BODY_BYTES, TemplateRequest.class);
        TemplateParameters.Read read = TemplateParameters.read(template, request.given(), current(template, state),
                clientId -> realm.getClientByClientId(clientId) != null,
                alias -> alias.length() <= 255 && session.identityProviders().getByAlias(alias) != null);
        if (!read.valid()) {
            throw new ProblemException(Problem.badRequest(INVALID_PARAMETERS, "Nothing was changed: " + String.join("; ", read.problems())));
        }
        return read.parameters();
    }

    private static Map<String, Object> view(InstallPlan plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("template", plan.template().id());
        view.put("parameters", plan.parameters().values());
        view.put("changes", plan.changes().stream().map(c -> Map.of("action", c.action().id, "target", c.target(), "detail", c.detail()))
                .toList());
        view.put("kept", plan.kept().stream().map(n -> Map.of("target", n.target(), "why", n.why())).toList());
        view.put("skipped", plan.skipped().stream().map(n -> Map.of("target", n.target(), "why", n.why())).toList());
        return view;
    }
}
