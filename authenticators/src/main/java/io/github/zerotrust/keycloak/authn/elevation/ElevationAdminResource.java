package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.EligibilityDraft;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/elevation}: eligibilities (who may activate which role, on what terms),
 * every elevation past and present, pending requests, and who holds a privileged role outside JIT
 * ({@link StandingAccessReport}). The body is read by {@link EligibilityBody}; answers are {@link ElevationViews}.
 * Reading needs view-realm, changing needs manage-realm; changes are admin events.
 */
public final class ElevationAdminResource {

    static final String NO_SUCH_ELIGIBILITY = "no-such-eligibility";
    static final String RESOURCE = "ZT_ELIGIBILITY";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ElevationAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    private ElevationStore store() {
        return new ElevationStore(session);
    }

    @GET
    @Path("eligibilities")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> eligibilities() {
        auth.realm().requireViewRealm();
        return store().eligibilities(realm.getId()).stream().map(ElevationViews::of).toList();
    }

    @POST
    @Path("eligibilities")
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) {
        auth.realm().requireManageRealm();
        return write(Eligibility.draft().id(RecordId.random()), body, OperationType.CREATE);
    }

    @PUT
    @Path("eligibilities/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, InputStream body) {
        auth.realm().requireManageRealm();
        Optional<Eligibility> existing = RecordId.parse(id).flatMap(r -> store().eligibility(realm.getId(), r));
        if (existing.isEmpty()) {
            return noSuchEligibility();
        }
        return write(EligibilityDraft.of(existing.get()), body, OperationType.UPDATE);
    }

    @DELETE
    @Path("eligibilities/{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        Optional<RecordId> eligibility = RecordId.parse(id);
        if (eligibility.isEmpty() || !store().deleteEligibility(realm.getId(), eligibility.get())) {
            return noSuchEligibility();
        }
        adminEvent.operation(OperationType.DELETE).resource(RESOURCE)
                .resourcePath("zero-trust", "elevation", "eligibilities", id).success();
        return Response.noContent().build();
    }

    private Response write(EligibilityDraft draft, InputStream body, OperationType operation) {
        JsonNode json;
        try {
            json = JsonBody.object(session, body, ElevationUserResource.MAX_BODY_BYTES);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        List<String> problems = new ArrayList<>();
        new EligibilityBody(session, realm).fill(draft, json, problems);
        problems.addAll(draft.problems());
        if (!problems.isEmpty()) {
            return invalid(problems);
        }
        Eligibility eligibility;
        try {
            eligibility = draft.build();
        } catch (ElevationException e) {
            return invalid(e.problems());
        }
        if (new Directory(session, realm).role(eligibility.role()).isEmpty()) {
            return invalid(List.of("role: no role " + eligibility.role()));
        }
        store().save(realm.getId(), eligibility);
        Map<String, Object> view = ElevationViews.of(eligibility);
        adminEvent.operation(operation).resource(RESOURCE)
                .resourcePath("zero-trust", "elevation", "eligibilities", eligibility.id().toString()).representation(view).success();
        return Response.status(operation == OperationType.CREATE ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(view).build();
    }

    /** Every problem at once, so an admin fixes the body in one go. */
    private static Response invalid(List<String> problems) {
        return Problem.badRequest(Refusal.INVALID_ELIGIBILITY.id(), "The eligibility is not valid: "
                + String.join("; ", problems) + ".").response();
    }

    private static Response noSuchEligibility() {
        return Problem.notFound(NO_SUCH_ELIGIBILITY, "No eligibility with this id in this realm.").response();
    }

    @GET
    @Path("elevations")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> elevations(@QueryParam("user") String username, @QueryParam("max") Integer max) {
        auth.realm().requireViewRealm();
        int limit = max == null ? 200 : Math.max(1, Math.min(1000, max));
        if (username != null && !username.isBlank()) {
            UserModel user = session.users().getUserByUsername(realm, username);
            return user == null ? List.of() : store().elevationsOf(realm.getId(), user.getId()).stream()
                    .limit(limit).map(ElevationViews::of).toList();
        }
        return store().elevationsOfRealm(realm.getId(), limit).stream().map(ElevationViews::of).toList();
    }

    @GET
    @Path("requests")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> pending() {
        auth.realm().requireViewRealm();
        return store().pendingRequests(realm.getId()).stream().map(ElevationViews::of).toList();
    }

    @GET
    @Path("standing")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> standing() {
        auth.realm().requireViewRealm();
        return new StandingAccessReport(session, realm).rows();
    }
}
