package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.Constants;

/**
 * The activation page ({@code zt-elevate.ftl}, a themed page in every shipped language) and what its answer does;
 * the rules are the core's, the work is {@link Activations}'.
 */
final class ElevateAction implements RequiredActionProvider {

    static final ElevateAction SINGLETON = new ElevateAction();
    private static final long MAX_MINUTES = 10L * 366 * 24 * 60;

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(form(context, null, null));
    }

    private Response form(RequiredActionContext context, String error, ElevationRequest pending) {
        Elevations elevations = new Elevations(context.getSession(), context.getRealm(), KeycloakClock.get());
        List<Map<String, Object>> eligible = elevations.activations().eligibleFor(context.getUser()).stream()
                .map(ElevateAction::choice).toList();
        var form = context.form().setAttribute("ztEligible", eligible);
        if (pending != null) {
            form.setAttribute("ztElevatePending", Map.of("role", pending.ask().role().toString(),
                    "approvals", pending.approvalsRequired()));
        }
        if (error != null) {
            // The reason id stays on the page (help desks search for it); the sentence beside it is in the user's language.
            form.setError("ztElevateRefused", error);
            form.setAttribute("ztElevateReason", Map.of("key", ReasonMessages.key(error), "id", error));
        }
        return form.createForm("zt-elevate.ftl");
    }

    private static Map<String, Object> choice(Eligibility e) {
        return Map.of("role", e.role().toString(), "maxMinutes", e.maxDuration().toMinutes(), "approvals", e.approvalsRequired());
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        if (params.containsKey("cancel-aia")) {
            context.cancel();
            return;
        }
        if (params.containsKey("continue")) {
            context.success();
            return;
        }
        Optional<RoleRef> role = RoleRef.parse(params.getFirst("role"));
        if (role.isEmpty()) {
            context.challenge(form(context, Refusal.MALFORMED_ROLE.id(), null));
            return;
        }
        long minutes;
        try {
            minutes = Math.max(-MAX_MINUTES, Math.min(MAX_MINUTES, Long.parseLong(String.valueOf(params.getFirst("duration")).strip())));
        } catch (NumberFormatException e) {
            context.challenge(form(context, Refusal.DURATION_NOT_POSITIVE.id(), null));
            return;
        }
        String ticket = params.getFirst("ticket");
        ActivationRequest ask = new ActivationRequest(role.get(), Duration.ofMinutes(minutes),
                params.getFirst("justification") == null ? "" : params.getFirst("justification"),
                ticket == null || ticket.isBlank() ? Optional.empty() : Optional.of(ticket));
        Elevations elevations = new Elevations(context.getSession(), context.getRealm(), KeycloakClock.get());
        // The levels this sign-in reached are in the auth session; earlier ones of the SSO session in the user session.
        var authSession = context.getAuthenticationSession();
        var userSession = context.getSession().sessions().getUserSession(context.getRealm(), authSession.getParentSession().getId());
        // Levels are named by the realm's map only (never the app's own), and impersonated sessions ask for nothing.
        Caller caller = Caller.ofSession(context.getRealm(), context.getUser(), userSession,
                authSession.getAuthNote(Constants.LOA_MAP), userSession == null ? null : userSession.getNote(Constants.LOA_MAP));
        ElevationOutcome outcome = elevations.activations().activate(caller, ask);
        if (outcome instanceof ElevationOutcome.Refused refused) {
            context.challenge(form(context, refused.reason(), null));
        } else if (outcome instanceof ElevationOutcome.Pending pending) {
            context.challenge(form(context, null, pending.request()));
        } else {
            context.success();
        }
    }

    @Override
    public void close() {
    }
}
