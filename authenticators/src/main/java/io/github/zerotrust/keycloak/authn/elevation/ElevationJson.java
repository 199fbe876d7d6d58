package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.Principal;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.elevation.Strength;
import io.github.zerotrust.keycloak.elevation.TicketMode;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The stored form of eligibilities, elevations and requests: the core records as JSON in one column,
 * beside the few columns queries need. Written and read only here, so the two cannot drift.
 */
final class ElevationJson {

    // Lenient: a record written by a newer node (a rolling upgrade) may hold fields this one does not know.
    static final ObjectMapper JSON = JsonFormat.lenient();

    private ElevationJson() {
    }

    static String write(Eligibility e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id().toString());
        n.put("principalType", e.principal().type().name());
        n.put("principalId", e.principal().id());
        n.put("role", e.role().toString());
        n.put("maxDurationSeconds", e.maxDuration().toSeconds());
        n.put("justificationRequired", e.justificationRequired());
        n.put("ticketMode", e.ticketMode().name());
        e.ticketPattern().ifPresent(p -> n.put("ticketPattern", p));
        n.put("approvalsRequired", e.approvalsRequired());
        e.approverGroup().ifPresent(g -> n.put("approverGroup", g));
        n.put("stepUp", e.stepUp().id());
        n.put("stepUpMaxAgeSeconds", e.stepUpMaxAge().toSeconds());
        e.endsAt().ifPresent(t -> n.put("endsAt", t.toEpochMilli()));
        return n.toString();
    }

    static Eligibility eligibility(String json) {
        JsonNode n = read(json);
        return new Eligibility(RecordId.of(n.path("id").asText()),
                new Principal(Principal.Type.valueOf(n.path("principalType").asText()), n.path("principalId").asText()),
                RoleRef.of(n.path("role").asText()), Duration.ofSeconds(n.path("maxDurationSeconds").asLong()),
                n.path("justificationRequired").asBoolean(), TicketMode.valueOf(n.path("ticketMode").asText()),
                text(n, "ticketPattern"), n.path("approvalsRequired").asInt(), text(n, "approverGroup"),
                Strength.parse(n.path("stepUp").asText()).orElseThrow(),
                Duration.ofSeconds(n.path("stepUpMaxAgeSeconds").asLong()), instant(n, "endsAt"));
    }

    static String write(Elevation e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id().toString());
        n.put("eligibilityId", e.eligibilityId().toString());
        n.put("userId", e.userId());
        n.put("role", e.role().toString());
        n.put("start", e.start().toEpochMilli());
        n.put("end", e.end().toEpochMilli());
        ArrayNode approvers = n.putArray("approvers");
        e.approvers().forEach(approvers::add);
        e.requestId().ifPresent(r -> n.put("requestId", r.toString()));
        n.put("justification", e.justification());
        e.ticket().ifPresent(t -> n.put("ticket", t));
        n.put("status", e.status().name());
        n.put("endingSoonNotified", e.endingSoonNotified());
        n.put("extensions", e.extensions());
        return n.toString();
    }

    static Elevation elevation(String json) {
        JsonNode n = read(json);
        List<String> approvers = new ArrayList<>();
        n.path("approvers").forEach(a -> approvers.add(a.asText()));
        return new Elevation(RecordId.of(n.path("id").asText()), RecordId.of(n.path("eligibilityId").asText()),
                n.path("userId").asText(), RoleRef.of(n.path("role").asText()),
                Instant.ofEpochMilli(n.path("start").asLong()), Instant.ofEpochMilli(n.path("end").asLong()), approvers,
                text(n, "requestId").map(RecordId::of), n.path("justification").asText(), text(n, "ticket"),
                Elevation.Status.valueOf(n.path("status").asText()), n.path("endingSoonNotified").asBoolean(),
                n.path("extensions").asInt(0));
    }

    static String write(ElevationRequest r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id().toString());
        n.put("eligibilityId", r.eligibilityId().toString());
        n.put("requesterId", r.requesterId());
        n.put("role", r.ask().role().toString());
        n.put("durationSeconds", r.ask().duration().toSeconds());
        n.put("justification", r.ask().justification());
        r.ask().ticket().ifPresent(t -> n.put("ticket", t));
        n.put("approvalsRequired", r.approvalsRequired());
        n.put("approverGroup", r.approverGroup());
        r.extending().ifPresent(x -> n.put("extending", x.toString()));
        n.put("createdAt", r.createdAt().toEpochMilli());
        n.put("lapsesAt", r.lapsesAt().toEpochMilli());
        n.put("state", r.state().name());
        ArrayNode approvals = n.putArray("approvals");
        r.approvals().forEach(a -> answer(approvals.addObject(), a));
        r.denial().ifPresent(d -> answer(n.putObject("denial"), d));
        r.closedAt().ifPresent(t -> n.put("closedAt", t.toEpochMilli()));
        ArrayNode eligible = n.putArray("eligibleApprovers");
        r.eligibleApprovers().stream().sorted().forEach(eligible::add);
        return n.toString();
    }

    static ElevationRequest request(String json) {
        JsonNode n = read(json);
        List<ElevationRequest.Answer> approvals = new ArrayList<>();
        n.path("approvals").forEach(a -> approvals.add(answer(a)));
        // A request stored before approvers were frozen has none: nobody answers it, and it lapses.
        java.util.Set<String> eligible = new java.util.LinkedHashSet<>();
        n.path("eligibleApprovers").forEach(a -> eligible.add(a.asText()));
        ActivationRequest ask = new ActivationRequest(RoleRef.of(n.path("role").asText()),
                Duration.ofSeconds(n.path("durationSeconds").asLong()), n.path("justification").asText(), text(n, "ticket"));
        return new ElevationRequest(RecordId.of(n.path("id").asText()), RecordId.of(n.path("eligibilityId").asText()),
                n.path("requesterId").asText(), ask, n.path("approvalsRequired").asInt(), n.path("approverGroup").asText(),
                text(n, "extending").map(RecordId::of), Instant.ofEpochMilli(n.path("createdAt").asLong()),
                Instant.ofEpochMilli(n.path("lapsesAt").asLong()), ElevationRequest.State.valueOf(n.path("state").asText()),
                approvals, n.has("denial") ? Optional.of(answer(n.get("denial"))) : Optional.empty(), instant(n, "closedAt"),
                eligible);
    }

    private static void answer(ObjectNode n, ElevationRequest.Answer a) {
        n.put("userId", a.userId());
        n.put("at", a.at().toEpochMilli());
        a.comment().ifPresent(c -> n.put("comment", c));
    }

    private static ElevationRequest.Answer answer(JsonNode n) {
        return new ElevationRequest.Answer(n.path("userId").asText(), Instant.ofEpochMilli(n.path("at").asLong()),
                text(n, "comment"));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored elevation record is not JSON", e);
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(n.get(field).asText()) : Optional.empty();
    }

    private static Optional<Instant> instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Optional.of(Instant.ofEpochMilli(n.get(field).asLong())) : Optional.empty();
    }
}
