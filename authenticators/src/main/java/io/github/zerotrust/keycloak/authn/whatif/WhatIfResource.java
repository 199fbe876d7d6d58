package io.github.zerotrust.keycloak.authn.whatif;

import io.github.zerotrust.keycloak.authn.broker.BrokeredSignIn;
import io.github.zerotrust.keycloak.authn.device.DevicePreview;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.authn.risk.RiskPreview;
import io.github.zerotrust.keycloak.authn.signin.FlowFacts;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.policy.Assurance;
import io.github.zerotrust.keycloak.policy.Decision;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import io.github.zerotrust.keycloak.policy.SignIn;
import io.github.zerotrust.keycloak.policy.StepKind;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST /admin/realms/{realm}/zero-trust/what-if}: what a hypothetical sign-in would meet. It walks
 * the flows that would run ({@code flows}: the browser and direct-grant flows, a client's overrides in
 * their place) step by step with the same step kinds a real sign-in asks, and gives each flow's outcome;
 * {@code location}, {@code risk} and {@code conditions} (every zero-trust condition of every flow) stay as
 * before. It reads history, counters and the device registry but never writes them.
 */
public final class WhatIfResource {

    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Duration MAX_TIME_DISTANCE = Duration.ofDays(3660);
    private static final Set<String> COMPLIANCE = Set.of("compliant", "in_grace", "non_compliant", "unknown");

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final Clock clock;

    public WhatIfResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.clock = KeycloakClock.get();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response whatIf(InputStream body) {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        WhatIfRequest request;
        try {
            request = JsonBody.value(session, body, MAX_BODY_BYTES, WhatIfRequest.class);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        if (request.user() == null || request.user().isBlank() || request.user().length() > 255) {
            return bad("user-required", "'user' (a username or user id) is required");
        }
        UserModel user = session.users().getUserByUsername(realm, request.user());
        if (user == null) {
            user = session.users().getUserById(realm, request.user());
        }
        if (user == null) {
            return bad("no-such-user", "No user " + Problem.quoted(request.user()) + " in realm " + realm.getName());
        }
        if (request.address() == null || request.address().length() > 100 || ClientAddress.parse(request.address()).isEmpty()) {
            return bad("invalid-address", "'address' must be an IPv4 or IPv6 address");
        }
        Instant at = clock.instant();
        if (request.time() != null) {
            try {
                at = Instant.parse(request.time());
            } catch (DateTimeParseException e) {
                return bad("invalid-time", "'time' must be an ISO-8601 instant such as 2026-11-29T09:30:00Z");
            }
            if (Duration.between(at, clock.instant()).abs().compareTo(MAX_TIME_DISTANCE) > 0) {
                return bad("invalid-time", "'time' must be within ten years of now");
            }
        }
        if (request.device() != null && (request.device().length() > 64 || !request.device().matches("[A-Za-z0-9_:.-]+"))) {
            return bad("invalid-device", "'device' must be a device id (at most 64 letters, digits, '_', '-', ':', '.')");
        }
        Optional<ClientModel> client = Optional.empty();
        if (request.client() != null) {
            client = Optional.ofNullable(request.client().length() > 255 ? null : realm.getClientByClientId(request.client()));
            if (client.isEmpty()) {
                return bad("no-such-client", "No client " + Problem.quoted(request.client()) + " in realm " + realm.getName());
            }
        }
        Map<String, Integer> acrLevels = client.map(AcrUtils::getAcrLoaMap).orElseGet(() -> AcrUtils.getAcrLoaMap(realm));
        int requested = Assurance.NONE;
        if (request.acr() != null) {
            Integer level = acrLevels.get(request.acr());
            if (level == null) {
                return bad("invalid-acr", "'acr' must be an ACR value of the realm's acr.loa.map: " + new TreeSet<>(acrLevels.keySet()));
            }
            requested = level;
        }
        if (request.scope() != null && (request.scope().length() > 1000 || !request.scope().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E ]*"))) {
            return bad("invalid-scope", "'scope' must be OAuth scopes separated by spaces");
        }
        if (request.compliance() != null && !COMPLIANCE.contains(request.compliance())) {
            return bad("invalid-compliance", "'compliance' must be one of " + new TreeSet<>(COMPLIANCE));
        }
        if (request.managed() != null && request.compliance() == null) {
            return bad("invalid-compliance", "'managed' goes with 'compliance'");
        }
        Optional<AuthenticationFlowModel> named = Optional.empty();
        if (request.flow() != null) {
            named = Optional.ofNullable(request.flow().length() > 255 ? null : realm.getFlowByAlias(request.flow()))
                    .filter(AuthenticationFlowModel::isTopLevel);
            if (named.isEmpty()) {
                return bad("no-such-flow", "No top-level flow " + Problem.quoted(request.flow()) + " in realm " + realm.getName());
            }
        }

        Optional<IdentityProviderModel> provider = Optional.empty();
        if (request.identityProvider() != null) {
            provider = Optional.ofNullable(request.identityProvider().length() > 255 ? null
                    : session.identityProviders().getByAlias(request.identityProvider()));
            if (provider.isEmpty()) {
                return bad("no-such-identity-provider", "No identity provider " + Problem.quoted(request.identityProvider())
                        + " in realm " + realm.getName());
            }
        }
        if (request.upstreamAcr() != null && (provider.isEmpty() || request.upstreamAcr().isBlank()
                || request.upstreamAcr().length() > 255 || request.upstreamAcr().chars().anyMatch(Character::isISOControl))) {
            return bad("invalid-upstream-acr", "'upstreamAcr' goes with 'identityProvider' and is an ACR value (at most 255 "
                    + "printable characters)");
        }
        if (request.upstreamDevice() != null && (provider.isEmpty() || request.upstreamDevice().isBlank()
                || request.upstreamDevice().length() > 255 || request.upstreamDevice().chars().anyMatch(Character::isISOControl))) {
            return bad("invalid-upstream-device", "'upstreamDevice' goes with 'identityProvider' and is the value of its "
                    + "device claim, e.g. compliant or managed (at most 255 printable characters)");
        }
        Optional<Upstream> upstream = provider.map(p -> BrokeredSignIn.assumed(session, p, Optional.ofNullable(request.upstreamAcr()),
                Optional.ofNullable(request.upstreamDevice())));

        SignInLocation location = SignInLocation.of(session, realm, request.address());
        List<String> scopes = FlowFacts.scopes(request.scope(), client.orElse(null));
        Question question = new Question(user, client, location, at, Optional.ofNullable(request.device()),
                Optional.ofNullable(request.compliance()).map(c -> given(c, Boolean.TRUE.equals(request.managed()))),
                new Assurance(requested, acrLevels), scopes, Optional.empty(), upstream);

        // As before: the realm's assessment, with the device or the client as the device.
        String riskDevice = request.device() != null ? request.device() : client.map(c -> "client:" + c.getClientId()).orElse(null);
        Assessment assessment = RiskPreview.assess(session, realm, user, location, riskDevice, Optional.empty(), at, null);

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("location", Map.of("address", location.address().get().canonical(),
                "country", location.country().isKnown() ? location.country().isoCode() : "unknown",
                "zones", new TreeSet<>(location.zones())));
        Map<String, Object> risk = new LinkedHashMap<>();
        risk.put("score", assessment.score());
        risk.put("level", assessment.level().name().toLowerCase(Locale.ROOT));
        risk.put("reasons", assessment.reasons().stream()
                .map(r -> Map.of("signal", r.signal(), "detail", r.detail(), "weight", r.weight())).toList());
        answer.put("risk", risk);
        upstream.ifPresent(u -> answer.put("upstream", upstreamAnswer(u)));
        answer.put("conditions", conditions(question, assessment));
        answer.put("flows", flows(question, client, named, provider));
        return Response.ok(answer).build();
    }

    /** The flows a sign-in to the client would run (its overrides in place of the realm's), or the one asked for. */
    private List<Map<String, Object>> flows(Question question, Optional<ClientModel> client, Optional<AuthenticationFlowModel> named,
                                            Optional<IdentityProviderModel> provider) {
        List<Map<String, Object>> flows = new ArrayList<>();
        if (provider.isPresent() && named.isEmpty()) {
            // A brokered sign-in does not go on with the browser flow after the provider's login: the provider's
            // post-broker-login flow is where the realm's rules reach it.
            Optional.ofNullable(provider.get().getPostBrokerLoginFlowId()).map(realm::getAuthenticationFlowById).ifPresent(flow ->
                    flows.add(new FlowWalk(session, realm, question, FlowWalk.Binding.POST_BROKER_LOGIN).walk(flow)));
            return flows;
        }
        AuthenticationFlowModel browser = bound(client, AuthenticationFlowBindings.BROWSER_BINDING, realm.getBrowserFlow());
        AuthenticationFlowModel directGrant = bound(client, AuthenticationFlowBindings.DIRECT_GRANT_BINDING, realm.getDirectGrantFlow());
        if (named.isPresent()) {
            boolean grant = directGrant != null && directGrant.getId().equals(named.get().getId());
            flows.add(new FlowWalk(session, realm, question, grant ? FlowWalk.Binding.DIRECT_GRANT : FlowWalk.Binding.BROWSER)
                    .walk(named.get()));
            return flows;
        }
        if (browser != null) {
            flows.add(overridden(new FlowWalk(session, realm, question, FlowWalk.Binding.BROWSER).walk(browser),
                    browser, realm.getBrowserFlow()));
        }
        if (directGrant != null) {
            flows.add(overridden(new FlowWalk(session, realm, question, FlowWalk.Binding.DIRECT_GRANT).walk(directGrant),
                    directGrant, realm.getDirectGrantFlow()));
        }
        return flows;
    }

    private AuthenticationFlowModel bound(Optional<ClientModel> client, String binding, AuthenticationFlowModel realmFlow) {
        return client.map(c -> c.getAuthenticationFlowBindingOverride(binding)).map(realm::getAuthenticationFlowById).orElse(realmFlow);
    }

    private static Map<String, Object> overridden(Map<String, Object> walk, AuthenticationFlowModel used, AuthenticationFlowModel realmFlow) {
        walk.put("clientOverride", realmFlow == null || !realmFlow.getId().equals(used.getId()));
        return walk;
    }

    /** Every zero-trust condition in every flow of the realm, with what it would decide on the realm's assessment. */
    private List<Map<String, Object>> conditions(Question question, Assessment assessment) {
        DeviceFinding device = question.compliance().orElseGet(() ->
                DevicePreview.of(session, realm, question.user(), question.device(), null, question.at()).finding());
        SignIn facts = SignIn.from(question.location().origin(), question.at())
                .withWho(Optional.of(FlowFacts.who(session, realm, question.user(), Set.of())))
                .withClient(question.client().map(ClientModel::getClientId))
                .withAssessment(Optional.of(assessment))
                .withDevice(Optional.of(device))
                .withAssurance(question.assurance())
                .withRequestedScopes(question.scopes())
                .withUpstream(question.upstream());
        List<Map<String, Object>> result = new ArrayList<>();
        for (AuthenticationFlowModel flow : realm.getAuthenticationFlowsStream().toList()) {
            for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
                Optional<StepKind<?>> kind = StepKinds.byId(execution.getAuthenticator()).filter(k -> k.role() == StepKind.Role.CONDITION);
                if (kind.isEmpty() || execution.getRequirement() == AuthenticationExecutionModel.Requirement.DISABLED) {
                    continue;
                }
                AuthenticatorConfigModel model = execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                Decision decision = kind.get().decide(facts, model == null ? null : model.getId(), model == null ? null : model.getConfig());
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("flow", flow.getAlias());
                c.put("rule", kind.get().ruleName(model == null ? null : model.getAlias()));
                c.put("condition", kind.get().providerId());
                c.put("matches", decision.verdict().applies());
                c.put("reportOnly", decision.reportOnly());
                c.put("reason", decision.verdict().detail());
                c.put("reasonId", decision.verdict().reason().id());
                c.put("decision", decision.state().id());
                result.add(c);
            }
        }
        return result;
    }

    private static Map<String, Object> upstreamAnswer(Upstream upstream) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("identityProvider", upstream.provider());
        answer.put("acr", upstream.acr().orElse(null));
        answer.put("trusted", upstream.trusted().orElse("none"));
        answer.put("reason", upstream.why());
        answer.put("trustedDevice", upstream.trustedDevice().map(DeviceTrust::claimValue).orElse("none"));
        answer.put("deviceReason", upstream.deviceWhy());
        return answer;
    }

    /** A device standing given in the question, as the device step would have found it. */
    private static DeviceFinding given(String compliance, boolean managed) {
        DeviceFinding.Status status = DeviceFinding.Status.valueOf(compliance.toUpperCase(Locale.ROOT));
        DeviceTrust trust = status == DeviceFinding.Status.UNKNOWN ? DeviceTrust.UNMANAGED
                : status != DeviceFinding.Status.NON_COMPLIANT ? DeviceTrust.COMPLIANT
                : managed ? DeviceTrust.MANAGED : DeviceTrust.UNMANAGED;
        return new DeviceFinding(status, trust, List.of(), Optional.empty());
    }

    private static Response bad(String error, String description) {
        return Problem.badRequest(error, description).response();
    }
}
