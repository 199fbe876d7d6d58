package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The JSON the elevation endpoints answer with, and how a refusal reason becomes an error answer. */
final class ElevationViews {

    private static final Set<String> FORBIDDEN = Set.of(Refusal.NOT_ELIGIBLE.id(), Refusal.ELIGIBILITY_ENDED.id(),
            Refusal.STEP_UP_REQUIRED.id(), Refusal.SELF_APPROVAL.id(), Refusal.NOT_AN_APPROVER.id(),
            Refusal.NOT_REQUESTER.id(), Refusal.TICKET_NOT_OPEN.id(), Refusal.TICKET_UNVERIFIED.id(),
            Refusal.IMPERSONATED.id(), Refusal.CLIENT_NOT_ALLOWED.id(), Refusal.RESTRICTED_SESSION.id(),
            Refusal.NEW_FACTOR_IN_SESSION.id(), Refusal.EXPOSED_TO_SAML.id());
    private static final Set<String> CONFLICT = Set.of(Activations.ALREADY_ACTIVE, Activations.ALREADY_HELD,
            Refusal.NOT_PENDING.id(), Refusal.LAPSED.id(), Refusal.ALREADY_APPROVED.id(), Refusal.NOT_ACTIVE.id(),
            Refusal.ALREADY_PENDING.id(), Refusal.TOO_MANY_PENDING.id(), Refusal.NOT_ENOUGH_APPROVERS.id(),
            Refusal.EXTENSION_LIMIT.id());

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
        return problem(reason).response();
    }

    /** The refusal as an error answer: the reason id as {@code error}, 403, 409 or 400 by its kind. */
    static Problem problem(String reason) {
        int status = FORBIDDEN.contains(reason) ? 403 : CONFLICT.contains(reason) ? 409 : 400;
        return new Problem(status, reason, describe(reason));
    }

    /** What a reason means, for the person reading the answer; the id stays the contract. */
    static String describe(String reason) {
        return switch (reason) {
            case "not-eligible" -> "You are not eligible for this role.";
            case "eligibility-ended" -> "Your eligibility for this role has ended.";
            case "duration-not-positive" -> "The duration must be at least one minute.";
            case "duration-too-long" -> "The duration is longer than your eligibility allows.";
            case "justification-missing" -> "A justification is required.";
            case "justification-too-long" -> "The justification is too long.";
            case "justification-malformed" -> "The justification holds characters that are not allowed.";
            case "ticket-missing" -> "A ticket reference is required.";
            case "ticket-malformed" -> "The ticket reference is not in the expected form.";
            case "step-up-required" -> "Sign in again with the required strength, then ask again.";
            case "self-approval" -> "Nobody answers their own request.";
            case "not-an-approver" -> "You are not an approver for this request.";
            case "already-approved" -> "You have already approved this request.";
            case "not-pending" -> "The request is no longer waiting for an answer.";
            case "lapsed" -> "The request was not answered in time.";
            case "not-requester" -> "Only the requester can do this.";
            case "comment-missing" -> "A denial needs a comment.";
            case "comment-too-long" -> "The comment is too long.";
            case "comment-malformed" -> "The comment holds characters that are not allowed.";
            case "not-approved" -> "The request has not been approved.";
            case "not-active" -> "The elevation is not active.";
            case "not-an-extension" -> "An extension must end later than the elevation does now.";
            case "not-due" -> "The elevation is not due to end yet.";
            case "invalid-eligibility" -> "The eligibility is not valid.";
            case "malformed-role" -> "A role is realm:<role> or client:<clientId>:<role>.";
            case "malformed-id" -> "The id is not a valid id.";
            case "new-factor-in-session" -> "A second factor set up in this very session cannot vouch for it; sign in again later.";
            case "impersonated" -> "An impersonated session never asks for, activates or approves an elevation.";
            case "client-not-allowed" -> "Tokens of this app may not be used for elevations (zt.elevation.allowed-clients).";
            case "restricted-session" -> "A restricted session (an unmanaged device) does not approve.";
            case "already-pending" -> "You already wait for approvers for this role.";
            case "too-many-pending" -> "You already wait for as many requests as allowed; wait for an answer first.";
            case "not-enough-approvers" -> "The approver group has too few members to answer this request.";
            case "exposed-to-saml" -> "A SAML app would receive this role, and its assertion cannot end with the elevation.";
            case "extension-limit" -> "The elevation cannot be extended again; activate the role anew later.";
            case "ticket-not-open" -> "The ticketing system says this ticket does not exist or is closed.";
            case "ticket-unverified" -> "The ticketing system could not confirm the ticket; try again later.";
            case Activations.ALREADY_ACTIVE -> "You already have an active elevation for this role.";
            case Activations.ALREADY_HELD -> "You hold this role already, outside just-in-time access.";
            case Problem.INVALID_JSON -> "The body is not the JSON this call expects.";
            default -> "The request was refused (" + reason + ").";
        };
    }

    /** An activation's or extension's answer: 201 with the elevation, 202 with the request waiting for approvers. */
    static Response activation(ElevationOutcome outcome) {
        if (outcome instanceof ElevationOutcome.Granted granted) {
            return json(Response.Status.CREATED, Map.of("elevation", of(granted.elevation())));
        }
        if (outcome instanceof ElevationOutcome.Pending pending) {
            return json(Response.Status.ACCEPTED, Map.of("request", of(pending.request())));
        }
        return refusalOf(outcome);
    }

    /** An early end's answer: 200 with the ended elevation. */
    static Response ended(ElevationOutcome outcome) {
        if (outcome instanceof ElevationOutcome.Ended ended) {
            return json(Response.Status.OK, Map.of("elevation", of(ended.elevation())));
        }
        return refusalOf(outcome);
    }

    /**
     * An approver's answer: 200 with the request as it stands, the elevation the last approval started, and
     * {@code grantRefused} when the request was approved but the role could not be granted.
     */
    static Response answer(ElevationOutcome outcome) {
        if (outcome instanceof ElevationOutcome.Refused) {
            return refusalOf(outcome);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        outcome.requestCarried().ifPresent(r -> answer.put("request", of(r)));
        if (outcome instanceof ElevationOutcome.Granted granted) {
            answer.put("elevation", of(granted.elevation()));
        }
        if (outcome instanceof ElevationOutcome.ApprovedNotGranted notGranted) {
            answer.put("grantRefused", notGranted.reason());
        }
        return json(Response.Status.OK, answer);
    }

    private static Response refusalOf(ElevationOutcome outcome) {
        if (outcome instanceof ElevationOutcome.Refused refused) {
            return refusal(refused.reason());
        }
        throw new IllegalStateException("No answer for " + outcome);
    }

    private static Response json(Response.Status status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
    }
}
