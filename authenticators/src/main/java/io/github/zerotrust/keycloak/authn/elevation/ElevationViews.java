package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.Refusal;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The JSON the elevation endpoints answer with, and how a refusal reason becomes an HTTP status. */
final class ElevationViews {

    private static final Set<String> FORBIDDEN = Set.of(Refusal.NOT_ELIGIBLE.id(), Refusal.ELIGIBILITY_ENDED.id(),
            Refusal.STEP_UP_REQUIRED.id(), Refusal.SELF_APPROVAL.id(), Refusal.NOT_AN_APPROVER.id(),
            Refusal.NOT_REQUESTER.id());
    private static final Set<String> CONFLICT = Set.of(Elevations.ALREADY_ACTIVE, Elevations.ALREADY_HELD,
            Refusal.NOT_PENDING.id(), Refusal.LAPSED.id(), Refusal.ALREADY_APPROVED.id(), Refusal.NOT_ACTIVE.id());

    private ElevationViews() {
    }

    static Map<String, Object> of(Eligibility e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().toString());
        m.put("principalType", e.principal().type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("principalId", e.principal().id());
        m.put("role", e.role().toString());
        m.put("maxDurationMinutes", e.maxDuration().toMinutes());
        m.put("justificationRequired", e.justificationRequired());
        m.put("ticketMode", e.ticketMode().name().toLowerCase(java.util.Locale.ROOT));
        e.ticketPattern().ifPresent(p -> m.put("ticketPattern", p));
        m.put("approvalsRequired", e.approvalsRequired());
        e.approverGroup().ifPresent(g -> m.put("approverGroup", g));
        m.put("stepUp", e.stepUp().id());
        m.put("stepUpMaxAgeMinutes", e.stepUpMaxAge().toMinutes());
        e.endsAt().ifPresent(t -> m.put("endsAt", t.toString()));
        return m;
    }

    static Map<String, Object> of(Elevation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id().toString());
        m.put("userId", e.userId());
        m.put("role", e.role().toString());
        m.put("start", e.start().toString());
        m.put("end", e.end().toString());
        m.put("status", e.status().name());
        m.put("justification", e.justification());
        e.ticket().ifPresent(t -> m.put("ticket", t));
        m.put("approvers", e.approvers());
        e.requestId().ifPresent(r -> m.put("requestId", r.toString()));
        return m;
    }

    static Map<String, Object> of(ElevationRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id().toString());
        m.put("requesterId", r.requesterId());
        m.put("role", r.ask().role().toString());
        m.put("durationMinutes", r.ask().duration().toMinutes());
        m.put("justification", r.ask().justification());
        r.ask().ticket().ifPresent(t -> m.put("ticket", t));
        m.put("state", r.state().name());
        m.put("approvalsRequired", r.approvalsRequired());
        m.put("approvals", r.approverIds());
        m.put("createdAt", r.createdAt().toString());
        m.put("lapsesAt", r.lapsesAt().toString());
        return m;
    }

    static Response refusal(String reason) {
        Response.Status status = FORBIDDEN.contains(reason) ? Response.Status.FORBIDDEN
                : CONFLICT.contains(reason) ? Response.Status.CONFLICT : Response.Status.BAD_REQUEST;
        return error(status, reason);
    }

    static Response error(Response.Status status, String reason) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", reason)).build();
    }

    static Response outcome(Elevations.Outcome outcome) {
        if (outcome.elevation().isPresent()) {
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("elevation", of(outcome.elevation().get()))).build();
        }
        if (outcome.refusal().isPresent()) {
            return refusal(outcome.refusal().get());
        }
        return Response.status(Response.Status.ACCEPTED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("request", of(outcome.request().orElseThrow()))).build();
    }
}
