package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/zero-trust/elevation}: a user's own eligibilities, elevations and requests, and the
 * approver's answers, with the user's bearer token (for scripts and apps; people use {@code kc_action=zt-elevate}
 * and the approvals page); {@code decisions} takes the decisions an approval tool sends back, signed. Every id is
 * checked for syntax before any lookup and looked up within the realm only.
 */
public final class ElevationUserResource {

    /** A justification and a ticket fit many times over; anything larger is not an honest request. */
    static final int MAX_BODY_BYTES = 8 * 1024;
    /** Longer asks are refused by the rules as too long; this only keeps the arithmetic finite. */
    static final long MAX_MINUTES = 10L * 366 * 24 * 60;

    private final KeycloakSession session;
    private final RealmModel realm;

    public ElevationUserResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    private Optional<AuthenticationManager.AuthResult> caller() {
        return Optional.ofNullable(new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate());
    }

    private Elevations elevations() {
        return new Elevations(session, realm, KeycloakClock.get());
    }

    private static Response unauthorized() {
        return Problem.bearerTokenRequired().response();
    }

    @GET
    @Path("eligible")
    @Produces(MediaType.APPLICATION_JSON)
    public Response eligible() {
        return caller().map(c -> Response.ok(elevations().activations().eligibleFor(c.user()).stream()
                .map(ElevationViews::of).toList()).build()).orElseGet(ElevationUserResource::unauthorized);
    }

    @GET
    @Path("elevations")
    @Produces(MediaType.APPLICATION_JSON)
    public Response mine() {
        return caller().map(c -> Response.ok(elevations().store().elevationsOf(realm.getId(), c.user().getId()).stream()
                .map(ElevationViews::of).toList()).build()).orElseGet(ElevationUserResource::unauthorized);
    }

    @POST
    @Path("activate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response activate(InputStream body) {
        Optional<AuthenticationManager.AuthResult> caller = caller();
        if (caller.isEmpty()) {
            return unauthorized();
        }
        JsonNode json;
        try {
            json = JsonBody.object(session, body, MAX_BODY_BYTES);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        if (!json.path("role").isTextual() || !json.path("durationMinutes").canConvertToLong()) {
            return Problem.badRequest(Problem.INVALID_JSON,
                    "An activation is {\"role\": \"realm:<role>\", \"durationMinutes\": <n>, \"justification\": \"...\"}.")
                    .response();
        }
        Optional<RoleRef> role = RoleRef.parse(json.path("role").asText());
        if (role.isEmpty()) {
            return ElevationViews.refusal(Refusal.MALFORMED_ROLE.id());
        }
        ActivationRequest ask = new ActivationRequest(role.get(), Duration.ofMinutes(minutes(json)),
                json.path("justification").asText(""), ticket(json));
        return ElevationViews.activation(elevations().activations().activate(of(caller.get()), ask));
    }

    @POST
    @Path("elevations/{id}/deactivate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deactivate(@PathParam("id") String id) {
        Optional<AuthenticationManager.AuthResult> caller = caller();
        if (caller.isEmpty()) {
            return unauthorized();
        }
        Optional<RecordId> elevation = RecordId.parse(id);
        if (elevation.isEmpty()) {
            return ElevationViews.refusal(Refusal.MALFORMED_ID.id());
        }
        return ElevationViews.ended(elevations().endings().deactivate(caller.get().user(), elevation.get()));
    }

    /** A longer window for the caller's active elevation: {@code {"durationMinutes": .., "justification": .., "ticket": ..}}. */
    @POST
    @Path("elevations/{id}/extend")
    @Produces(MediaType.APPLICATION_JSON)
    public Response extend(@PathParam("id") String id, InputStream body) {
        Optional<AuthenticationManager.AuthResult> caller = caller();
        if (caller.isEmpty()) {
            return unauthorized();
        }
        Optional<RecordId> elevation = RecordId.parse(id);
        if (elevation.isEmpty()) {
            return ElevationViews.refusal(Refusal.MALFORMED_ID.id());
        }
        JsonNode json;
        try {
            json = JsonBody.object(session, body, MAX_BODY_BYTES);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        if (!json.path("durationMinutes").canConvertToLong()) {
            return Problem.badRequest(Problem.INVALID_JSON,
                    "An extension is {\"durationMinutes\": <n>, \"justification\": \"...\"}.").response();
        }
        return ElevationViews.activation(elevations().activations().extend(of(caller.get()), elevation.get(),
                Duration.ofMinutes(minutes(json)), json.path("justification").asText(""), ticket(json)));
    }

    /** The caller as the presented token proves them (ADR 0019). */
    private Caller of(AuthenticationManager.AuthResult result) {
        return Caller.ofToken(realm, result.user(), result.session(), result.token(), result.client());
    }

    private static long minutes(JsonNode json) {
        return Math.max(-MAX_MINUTES, Math.min(MAX_MINUTES, json.path("durationMinutes").asLong()));
    }

    private static Optional<String> ticket(JsonNode json) {
        return json.path("ticket").isTextual() ? Optional.of(json.path("ticket").asText()) : Optional.empty();
    }

    /** Requests the caller can answer: pending, in one of the caller's approver groups, not the caller's own. */
    @GET
    @Path("requests/to-approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Response toApprove() {
        return caller().map(c -> Response.ok(elevations().approvals().pendingFor(c.user()).stream()
                .map(ElevationViews::of).toList()).build()).orElseGet(ElevationUserResource::unauthorized);
    }

    @GET
    @Path("requests")
    @Produces(MediaType.APPLICATION_JSON)
    public Response myRequests() {
        return caller().map(c -> Response.ok(elevations().store().requestsOf(realm.getId(), c.user().getId()).stream()
                .map(ElevationViews::of).toList()).build()).orElseGet(ElevationUserResource::unauthorized);
    }

    @POST
    @Path("requests/{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Response approve(@PathParam("id") String id, InputStream body) {
        return answer(id, body, true);
    }

    @POST
    @Path("requests/{id}/deny")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deny(@PathParam("id") String id, InputStream body) {
        return answer(id, body, false);
    }

    private Response answer(String id, InputStream body, boolean approve) {
        Optional<AuthenticationManager.AuthResult> caller = caller();
        if (caller.isEmpty()) {
            return unauthorized();
        }
        Optional<RecordId> request = RecordId.parse(id);
        if (request.isEmpty()) {
            return ElevationViews.refusal(Refusal.MALFORMED_ID.id());
        }
        JsonNode json;
        try {
            json = JsonBody.objectOrEmpty(session, body, MAX_BODY_BYTES);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        String comment = json.path("comment").isTextual() ? json.path("comment").asText() : null;
        Approvals approvals = elevations().approvals();
        Caller approver = of(caller.get());
        return ElevationViews.answer(approve ? approvals.approve(approver, request.get(), comment)
                : approvals.deny(approver, request.get(), comment));
    }

    /** Decisions an approval tool sends back, proven by the channel's signature instead of a bearer token. */
    @Path("decisions")
    public ChannelDecisions decisions() {
        return new ChannelDecisions(session, realm);
    }
}
