package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.Verdict;
import io.github.zerotrust.keycloak.authn.location.LocationVerdicts;
import io.github.zerotrust.keycloak.authn.location.SignInLocation;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskScorer;
import io.github.zerotrust.keycloak.risk.SignInFacts;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code POST /admin/realms/{realm}/zero-trust/what-if}: how a hypothetical sign-in would be
 * assessed, and which of the suite's conditions in the realm's flows would match, computed by the
 * same code a real sign-in runs. It reads history and counters but never writes them.
 */
public final class WhatIfResource {

    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Duration MAX_TIME_DISTANCE = Duration.ofDays(3660);

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
        String deviceId = request.device();
        if (deviceId == null && request.client() != null) {
            if (realm.getClientByClientId(request.client()) == null) {
                return bad("no-such-client", "No client " + Problem.quoted(request.client()) + " in realm " + realm.getName());
            }
            deviceId = "client:" + request.client();
        }

        RiskStepConfig config = RealmRiskConfig.of(realm);
        SignInLocation location = SignInLocation.of(session, realm, request.address());
        SignInFacts facts = SignInContext.facts(session, realm, user, location, deviceId, at, config.risk());
        Assessment assessment = new RiskScorer(config.risk()).assess(facts);

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
        answer.put("conditions", conditions(location, assessment));
        return Response.ok(answer).build();
    }

    /** Every zero-trust condition in every flow of the realm, with what it would decide. */
    private List<Map<String, Object>> conditions(SignInLocation location, Assessment assessment) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (AuthenticationFlowModel flow : realm.getAuthenticationFlowsStream().toList()) {
            for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flow.getId()).toList()) {
                String provider = execution.getAuthenticator();
                if (provider == null || execution.getRequirement() == AuthenticationExecutionModel.Requirement.DISABLED) {
                    continue;
                }
                AuthenticatorConfigModel model = execution.getAuthenticatorConfig() == null ? null
                        : realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
                Optional<Verdict> verdict = switch (provider) {
                    case "zt-condition-country" -> Optional.of(LocationVerdicts.country(model, location));
                    case "zt-condition-network-zone" -> Optional.of(LocationVerdicts.networkZone(model, location, realm));
                    case RiskLevelConditionFactory.ID -> Optional.of(RiskLevelCondition.verdict(
                            RiskLevelConditionConfig.parse(model == null || model.getConfig() == null ? Map.of() : model.getConfig()),
                            Optional.of(assessment)));
                    default -> Optional.empty();
                };
                verdict.ifPresent(v -> {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("flow", flow.getAlias());
                    c.put("rule", MatchedRules.ruleName(model, provider));
                    c.put("condition", provider);
                    c.put("matches", v.matched());
                    c.put("reportOnly", v.reportOnly());
                    c.put("reason", v.reason());
                    result.add(c);
                });
            }
        }
        return result;
    }

    private static Response bad(String error, String description) {
        return Problem.badRequest(error, description).response();
    }
}
