package io.github.zerotrust.keycloak.authn.guard;

import io.github.zerotrust.keycloak.authn.breakglass.BreakGlassAccounts;
import io.github.zerotrust.keycloak.authn.elevation.PrivilegedAccess;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.authn.whatif.Simulation;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.policy.LockoutGuard;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Standing;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/guard}: before a step is enforced or a flow bound through the suite, What-If
 * walks the changed flow for every admin of the realm, the realm's admins in the master realm, every break-glass
 * account and the caller; {@link LockoutGuard} decides. {@code check} answers and changes nothing; {@code enforce} and
 * {@code bind} make the change only when the guard allows it. Keycloak's own flow REST is not guarded (a known limit).
 */
public final class GuardResource {

    static final int MAX_BODY_BYTES = 4 * 1024;
    static final String ENFORCE = "enforce";
    static final String BIND = "bind";
    static final String BROWSER = "browser";
    static final String DIRECT_GRANT = "direct-grant";
    static final String ADMIN_CONSOLE = Constants.ADMIN_CONSOLE_CLIENT_ID;
    static final String ADMIN_CLI = Constants.ADMIN_CLI_CLIENT_ID;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public GuardResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** A change, checked: what it would store and which flows it would change, as which binding. */
    private record Change(String kind, AuthenticationFlowModel flow, AuthenticationExecutionModel execution,
                          AuthenticatorConfigModel config, String reportOnlyKey, String binding,
                          Map<String, Map<String, String>> proposed, List<Walk> walks) {
    }

    /** A flow to walk, and whether as the direct-grant flow. */
    private record Walk(AuthenticationFlowModel flow, boolean directGrant) {
    }

    /** One simulated person: the user, why they count, the facts used, what they would meet. */
    private record Simulated(LockoutGuard.Person person, Map<String, Object> view) {
    }

    @POST
    @Path("check")
    @Produces(MediaType.APPLICATION_JSON)
    public Response check(InputStream body) {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        try {
            GuardRequest request = JsonBody.value(session, body, MAX_BODY_BYTES, GuardRequest.class);
            Change change = change(request, request.change());
            return Response.ok(answer(change, simulate(change))).build();
        } catch (ProblemException e) {
            return e.problem().response();
        }
    }

    @POST
    @Path("enforce")
    @Produces(MediaType.APPLICATION_JSON)
    public Response enforce(InputStream body) {
        auth.realm().requireManageRealm();
        return guarded(body, ENFORCE, this::writeEnforce);
    }

    @POST
    @Path("bind")
    @Produces(MediaType.APPLICATION_JSON)
    public Response bind(InputStream body) {
        auth.realm().requireManageRealm();
        return guarded(body, BIND, this::writeBind);
    }

    /** {@code enforce} for a caller in the suite (a template's promotion): the same checks, answer and event. */
    public Response enforceStep(String flow, String stepAlias) {
        auth.realm().requireManageRealm();
        return guarded(() -> new GuardRequest(null, flow, null, stepAlias, null), ENFORCE, this::writeEnforce);
    }

    /** {@code bind} for a caller in the suite (a template's install): the same checks, answer and event. */
    public Response bindFlow(String flow, String binding) {
        auth.realm().requireManageRealm();
        return guarded(() -> new GuardRequest(null, flow, null, null, binding), BIND, this::writeBind);
    }

    private void writeEnforce(Change change, LockoutGuard.Verdict verdict) {
        AuthenticatorConfigModel config = change.config();
        Map<String, String> settings = new HashMap<>(config.getConfig());
        settings.put(change.reportOnlyKey(), "false");
        config.setConfig(settings);
        realm.updateAuthenticatorConfig(config);
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.AUTHENTICATOR_CONFIG)
                .resourcePath("zero-trust", "guard", ENFORCE, change.execution().getId())
                .representation(Map.of("flow", change.flow().getAlias(), "execution", change.execution().getId(),
                        "step", config.getAlias(), "reportOnlyKey", change.reportOnlyKey(), "decision", verdict.view()))
                .success();
    }

    private void writeBind(Change change, LockoutGuard.Verdict verdict) {
        if (BROWSER.equals(change.binding())) {
            realm.setBrowserFlow(change.flow());
        } else {
            realm.setDirectGrantFlow(change.flow());
        }
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.REALM)
                .resourcePath("zero-trust", "guard", BIND, change.binding())
                .representation(Map.of("flow", change.flow().getAlias(), "binding", change.binding(), "decision", verdict.view()))
                .success();
    }

    /** The request of a guarded change, read when it is needed. */
    private interface RequestSource {
        GuardRequest read() throws ProblemException;
    }

    private Response guarded(InputStream body, String kind, java.util.function.BiConsumer<Change, LockoutGuard.Verdict> write) {
        return guarded(() -> JsonBody.value(session, body, MAX_BODY_BYTES, GuardRequest.class), kind, write);
    }

    /**
     * The one way a guarded change is made: read the proposal, simulate it for everyone it touches, and either refuse
     * (409, nothing written) or {@code write} it and answer what the simulation found.
     */
    private Response guarded(RequestSource source, String kind, java.util.function.BiConsumer<Change, LockoutGuard.Verdict> write) {
        try {
            GuardRequest request = source.read();
            Change change = change(request, kind);
            List<Simulated> people = simulate(change);
            LockoutGuard.Verdict verdict = verdictOf(people);
            if (verdict.result() == LockoutGuard.Result.REFUSE) {
                return refused(verdict);
            }
            Map<String, Object> answer = answer(change, people);
            write.accept(change, verdict);
            answer.put("changed", true);
            return Response.ok(answer).build();
        } catch (ProblemException e) {
            return e.problem().response();
        }
    }

    private static Response refused(LockoutGuard.Verdict verdict) {
        return Problem.conflict("would-lock-out", "Refused, nothing was changed: " + String.join("; ", verdict.reasons()))
                .response();
    }

    // ---- the change

    private Change change(GuardRequest request, String kind) throws ProblemException {
        List<String> bad = new ArrayList<>();
        if (kind == null || !(ENFORCE.equals(kind) || BIND.equals(kind))) {
            bad.add("change: must be 'enforce' or 'bind'");
            kind = null;
        }
        AuthenticationFlowModel flow = null;
        if (request.flow() == null || request.flow().isBlank()) {
            bad.add("flow: the alias of a top-level flow is required");
        } else {
            flow = request.flow().length() > 255 ? null : realm.getFlowByAlias(request.flow());
            if (flow == null || !flow.isTopLevel()) {
                bad.add("flow: no top-level flow " + Problem.quoted(request.flow()) + " in realm " + realm.getName());
                flow = null;
            }
        }
        if (BIND.equals(kind)) {
            if (request.execution() != null || request.step() != null) {
                bad.add("execution, step: not part of a bind");
            }
            if (!BROWSER.equals(request.binding()) && !DIRECT_GRANT.equals(request.binding())) {
                bad.add("binding: must be 'browser' or 'direct-grant'");
            }
            if (!bad.isEmpty()) {
                throw invalid(bad);
            }
            return new Change(BIND, flow, null, null, null, request.binding(), Map.of(),
                    List.of(new Walk(flow, DIRECT_GRANT.equals(request.binding()))));
        }
        if (ENFORCE.equals(kind) && request.binding() != null) {
            bad.add("binding: not part of an enforce");
        }
        AuthenticationExecutionModel execution = null;
        if (ENFORCE.equals(kind)) {
            boolean byId = request.execution() != null;
            boolean byAlias = request.step() != null;
            if (byId == byAlias) {
                bad.add("execution, step: give the step's execution id or its configuration alias (one of them)");
            } else if (flow != null) {
                List<AuthenticationExecutionModel> found = new ArrayList<>();
                collect(flow, found, 0);
                for (AuthenticationExecutionModel e : found) {
                    if (byId ? e.getId().equals(request.execution()) : byAlias && aliasOf(e).filter(request.step()::equals).isPresent()) {
                        execution = e;
                        break;
                    }
                }
                if (execution == null) {
                    bad.add(byId ? "execution: no execution " + Problem.quoted(request.execution()) + " in flow " + Problem.quoted(flow.getAlias())
                            : "step: no step configured as " + Problem.quoted(request.step()) + " in flow " + Problem.quoted(flow.getAlias()));
                }
            }
        }
        String key = null;
        AuthenticatorConfigModel config = null;
        if (execution != null) {
            key = StepKinds.reportOnlyKey(execution.getAuthenticator()).orElse(null);
            config = execution.getAuthenticatorConfig() == null ? null : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
            if (key == null) {
                bad.add((request.execution() != null ? "execution" : "step") + ": " + Problem.quoted(execution.getAuthenticator())
                        + " has no report-only setting: it always acts");
            } else if (config == null || !Boolean.parseBoolean(config.getConfig() == null ? null : config.getConfig().get(key))) {
                bad.add((request.execution() != null ? "execution" : "step") + ": the step is not report-only ("
                        + key + " is not true): it is enforced already");
            }
        }
        if (!bad.isEmpty()) {
            throw invalid(bad);
        }
        Map<String, String> settings = new HashMap<>(config.getConfig());
        settings.put(key, "false");
        // Walked as every binding it runs under now; a flow bound to nothing touches nobody (binding it is guarded).
        List<Walk> walks = new ArrayList<>();
        if (isBound(flow, realm.getBrowserFlow(), org.keycloak.models.AuthenticationFlowBindings.BROWSER_BINDING)) {
            walks.add(new Walk(flow, false));
        }
        if (isBound(flow, realm.getDirectGrantFlow(), org.keycloak.models.AuthenticationFlowBindings.DIRECT_GRANT_BINDING)) {
            walks.add(new Walk(flow, true));
        }
        return new Change(ENFORCE, flow, execution, config, key, null, Map.of(execution.getId(), settings), walks);
    }

    private static ProblemException invalid(List<String> bad) {
        return new ProblemException(Problem.badRequest("invalid-change", String.join("; ", bad)));
    }

    private boolean isBound(AuthenticationFlowModel flow, AuthenticationFlowModel realmFlow, String binding) {
        if (realmFlow != null && realmFlow.getId().equals(flow.getId())) {
            return true;
        }
        return realm.getClientsStream().anyMatch(c -> flow.getId().equals(c.getAuthenticationFlowBindingOverride(binding)));
    }

    /** Every execution of the flow and its sub-flows (bounded depth: a cycle of sub-flows is not walked twice). */
    private void collect(AuthenticationFlowModel flow, List<AuthenticationExecutionModel> into, int depth) {
        if (depth > 20) {
            return;
        }
        for (AuthenticationExecutionModel e : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
            into.add(e);
            if (e.isAuthenticatorFlow() && e.getFlowId() != null) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(e.getFlowId());
                if (sub != null) {
                    collect(sub, into, depth + 1);
                }
            }
        }
    }

    private Optional<String> aliasOf(AuthenticationExecutionModel execution) {
        return Optional.ofNullable(execution.getAuthenticatorConfig()).map(realm::getAuthenticatorConfigById)
                .map(AuthenticatorConfigModel::getAlias);
    }

    // ---- who is simulated

    private List<Simulated> simulate(Change change) {
        Map<String, Set<Standing>> local = new LinkedHashMap<>();
        Map<String, Set<Standing>> master = new LinkedHashMap<>();
        RealmModel masterRealm = session.realms().getRealmByName(Config.getAdminRealm());
        boolean isMaster = masterRealm != null && masterRealm.getId().equals(realm.getId());
        if (isMaster) {
            holders(realm, adminRoles(realm, true), local, Standing.REALM_ADMIN);
        } else {
            holders(realm, adminRoles(realm, false), local, Standing.REALM_ADMIN);
            if (masterRealm != null) {
                holders(masterRealm, masterRolesFor(), master, Standing.MASTER_ADMIN);
            }
        }
        for (String id : BreakGlassAccounts.ids(realm)) {
            local.computeIfAbsent(id, k -> EnumSet.noneOf(Standing.class)).add(Standing.BREAK_GLASS);
        }
        UserModel caller = auth.adminAuth().getUser();
        boolean callerLocal = auth.adminAuth().getRealm().getId().equals(realm.getId());
        (callerLocal ? local : master).computeIfAbsent(caller.getId(), k -> EnumSet.noneOf(Standing.class)).add(Standing.CALLER);

        String callerAddress = session.getContext().getConnection().getRemoteAddr();
        Instant at = KeycloakClock.get().instant();
        List<Simulated> people = new ArrayList<>();
        for (Map.Entry<String, Set<Standing>> entry : local.entrySet()) {
            UserModel user = session.users().getUserById(realm, entry.getKey());
            if (user == null) {
                continue;
            }
            boolean isCaller = entry.getValue().contains(Standing.CALLER);
            Optional<String> last = isCaller ? Optional.empty() : lastSignIn(user);
            people.add(walk(change, user, entry.getValue(), last.orElse(callerAddress),
                    last.isPresent() ? "the last sign-in's address" : "your request's address", at));
        }
        for (Map.Entry<String, Set<Standing>> entry : master.entrySet()) {
            if (local.containsKey(entry.getKey())) {
                continue;
            }
            UserModel user = masterRealm == null ? null : session.users().getUserById(masterRealm, entry.getKey());
            if (user == null) {
                continue;
            }
            LockoutGuard.Outcome outcome = new LockoutGuard.Untouched("signs in to the master realm, which this change does not touch");
            Map<String, Object> view = personView(user, entry.getValue(), masterRealm.getName());
            view.put("outcome", outcomeView(outcome));
            people.add(new Simulated(new LockoutGuard.Person(user.getId(), user.getUsername(), entry.getValue(), outcome), view));
        }
        return people;
    }

    private Simulated walk(Change change, UserModel user, Set<Standing> standings, String address, String addressFrom, Instant at) {
        Map<String, Object> view = personView(user, standings, realm.getName());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("address", address);
        facts.put("addressFrom", addressFrom);
        facts.put("device", "none known");
        facts.put("credentials", user.credentialManager().getStoredCredentialsStream().map(c -> c.getType()).distinct().sorted().toList());
        view.put("facts", facts);
        if (change.walks().isEmpty() || user.getServiceAccountClientLink() != null) {
            LockoutGuard.Outcome outcome = new LockoutGuard.Untouched(change.walks().isEmpty()
                    ? "the flow is not bound: nobody signs in through it"
                    : "a service account: it signs in with the client's credentials, through no flow");
            view.put("outcome", outcomeView(outcome));
            return new Simulated(new LockoutGuard.Person(user.getId(), user.getUsername(), standings, outcome), view);
        }
        SignInLocation location = SignInLocation.of(session, realm, ClientAddress.parse(address).isPresent() ? address : "0.0.0.0");
        LockoutGuard.Outcome outcome = null;
        List<LockoutGuard.Factor> factors = new ArrayList<>();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (Walk w : change.walks()) {
            boolean grant = w.directGrant();
            Optional<ClientModel> client = Optional.ofNullable(realm.getClientByClientId(grant ? ADMIN_CLI : ADMIN_CONSOLE));
            Simulation.Result result = Simulation.walk(session, realm, user, client, location, at, w.flow(), grant, change.proposed());
            flows.add(Map.of("flow", w.flow().getAlias(), "binding", grant ? DIRECT_GRANT : BROWSER, "outcome", result.outcome()));
            if (result.denial().isPresent() && outcome == null) {
                Map<String, Object> d = result.denial().get();
                String step = String.valueOf(d.get("step"));
                String rule = String.valueOf(d.get("rule"));
                outcome = new LockoutGuard.Refused(step, (rule.equals(step) ? "" : "rule " + rule + ": ") + d.get("reason"));
            }
            for (String step : result.asks()) {
                Optional<String> type = credentialType(step);
                boolean registered = type.map(t -> user.credentialManager().getStoredCredentialsByTypeStream(t).findAny().isPresent())
                        .orElse(true);
                factors.add(new LockoutGuard.Factor(step, type, registered));
            }
        }
        if (outcome == null) {
            outcome = factors.isEmpty() ? new LockoutGuard.Allowed() : new LockoutGuard.Asked(factors);
        }
        view.put("flows", flows);
        view.put("outcome", outcomeView(outcome));
        return new Simulated(new LockoutGuard.Person(user.getId(), user.getUsername(), standings, outcome), view);
    }

    /** The credential type a Keycloak step checks (its factory's reference category); empty when it names none. */
    private Optional<String> credentialType(String provider) {
        return Optional.ofNullable(session.getKeycloakSessionFactory().getProviderFactory(org.keycloak.authentication.Authenticator.class, provider))
                .filter(AuthenticatorFactory.class::isInstance).map(f -> ((AuthenticatorFactory) f).getReferenceCategory())
                .filter(c -> !c.isBlank());
    }

    /** The address of the user's newest stored LOGIN event, if the realm stores events and there is one. */
    private Optional<String> lastSignIn(UserModel user) {
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store == null) {
            return Optional.empty();
        }
        return store.createQuery().realm(realm.getId()).user(user.getId()).type(EventType.LOGIN).orderByDescTime().maxResults(1)
                .getResultStream().map(e -> e.getIpAddress()).filter(a -> a != null && ClientAddress.parse(a).isPresent()).findFirst();
    }

    /** The realm's admin roles: {@code realm-management}'s realm-admin and manage-realm; in master, {@code admin} and manage-realm. */
    private static Set<RoleRef> adminRoles(RealmModel target, boolean isMaster) {
        if (isMaster) {
            return Set.of(RoleRef.realm(AdminRoles.ADMIN), RoleRef.client(target.getName() + "-realm", AdminRoles.MANAGE_REALM));
        }
        return Set.of(RoleRef.client(Constants.REALM_MANAGEMENT_CLIENT_ID, AdminRoles.REALM_ADMIN),
                RoleRef.client(Constants.REALM_MANAGEMENT_CLIENT_ID, AdminRoles.MANAGE_REALM));
    }

    /** In the master realm: its {@code admin} role and the target realm's {@code <realm>-realm} client's manage-realm. */
    private Set<RoleRef> masterRolesFor() {
        return Set.of(RoleRef.realm(AdminRoles.ADMIN), RoleRef.client(realm.getName() + "-realm", AdminRoles.MANAGE_REALM));
    }

    /**
     * Users of {@code in} who hold any of {@code roles} (directly, by composite or group), found as the elevation
     * module's standing report finds them (at most 1,000 per role and way). Disabled accounts and service accounts
     * (they do not sign in through flows) are left out.
     */
    private void holders(RealmModel in, Set<RoleRef> roles, Map<String, Set<Standing>> into, Standing standing) {
        for (String id : PrivilegedAccess.of(session, in).standingHolderIds(roles)) {
            UserModel user = session.users().getUserById(in, id);
            if (user != null && user.isEnabled() && user.getServiceAccountClientLink() == null) {
                into.computeIfAbsent(id, k -> EnumSet.noneOf(Standing.class)).add(standing);
            }
        }
    }

    // ---- the answer

    private static LockoutGuard.Verdict verdictOf(List<Simulated> people) {
        return LockoutGuard.judge(people.stream().map(Simulated::person).toList());
    }

    private Map<String, Object> answer(Change change, List<Simulated> people) {
        LockoutGuard.Verdict verdict = verdictOf(people);
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("change", change.kind());
        what.put("flow", change.flow().getAlias());
        if (change.execution() != null) {
            what.put("execution", change.execution().getId());
            what.put("step", change.config().getAlias());
            what.put("set", Map.of(change.reportOnlyKey(), "false"));
        } else {
            what.put("binding", change.binding());
        }
        answer.put("proposed", what);
        answer.put("decision", verdict.result().id());
        answer.put("reasons", verdict.reasons());
        answer.put("warnings", verdict.warnings());
        answer.put("people", people.stream().map(Simulated::view).toList());
        answer.put("changed", false);
        return answer;
    }

    private static Map<String, Object> personView(UserModel user, Set<Standing> standings, String realmName) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.getId());
        view.put("username", user.getUsername());
        view.put("realm", realmName);
        view.put("counts", standings.stream().map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', '-')).sorted().toList());
        return view;
    }

    private static Map<String, Object> outcomeView(LockoutGuard.Outcome outcome) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (outcome instanceof LockoutGuard.Refused r) {
            view.put("result", "refused");
            view.put("step", r.step());
            view.put("reason", r.reason());
        } else if (outcome instanceof LockoutGuard.Asked a) {
            view.put("result", "asked");
            view.put("factors", a.factors().stream().map(f -> Map.of("step", f.step(),
                    "credentialType", f.credentialType().orElse(""), "registered", f.registered())).toList());
        } else if (outcome instanceof LockoutGuard.Untouched u) {
            view.put("result", "untouched");
            view.put("reason", u.why());
        } else {
            view.put("result", "allowed");
        }
        return view;
    }
}
