package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.EligibilityDraft;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
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
 * Reading needs view-realm. Changing needs manage-realm and, for the eligibility before and after the change, the
 * rights Keycloak asks for the role mapping it stands for ({@link AdminRights}): else 403 {@code not-permitted},
 * an event, and nothing changed. Changes are admin events; an eligibility that goes or ends takes its elevations.
 */
public final class ElevationAdminResource {

    static final String NO_SUCH_ELIGIBILITY = "no-such-eligibility";
    static final String NO_SUCH_ELEVATION = "no-such-elevation";
    static final String NOT_PERMITTED = "not-permitted";
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
        return write(Eligibility.draft().id(RecordId.random()), Optional.empty(), body, OperationType.CREATE);
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
        if (!rights().mayGrant(existing.get())) {
            return notPermitted("eligibility-update", "You may not change an eligibility for a role you could not map"
                    + " yourself, or for users or groups you may not manage.");
        }
        return write(EligibilityDraft.of(existing.get()), existing, body, OperationType.UPDATE);
    }

    @DELETE
    @Path("eligibilities/{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        Optional<Eligibility> existing = RecordId.parse(id).flatMap(r -> store().eligibility(realm.getId(), r));
        if (existing.isEmpty()) {
            return noSuchEligibility();
        }
        if (!rights().mayGrant(existing.get())) {
            return notPermitted("eligibility-delete", "You may not delete an eligibility for a role you could not map"
                    + " yourself, or for users or groups you may not manage.");
        }
        deleteEligibility(session, realm, existing.get(), rights().adminId());
        adminEvent.operation(OperationType.DELETE).resource(RESOURCE)
                .resourcePath("zero-trust", "elevation", "eligibilities", id).success();
        return Response.noContent().build();
    }

    private Response write(EligibilityDraft draft, Optional<Eligibility> before, InputStream body, OperationType operation) {
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
        Optional<String> roleProblem = roleProblem(session, realm, eligibility);
        if (roleProblem.isPresent()) {
            return invalid(List.of(roleProblem.get()));
        }
        if (!rights().mayGrant(eligibility)) {
            return notPermitted(operation == OperationType.CREATE ? "eligibility-create" : "eligibility-update",
                    "You may only make someone eligible for a role you could map yourself, and only users or groups you"
                            + " may manage.");
        }
        saveEligibility(session, realm, eligibility, before.isPresent(), rights().adminId());
        Map<String, Object> view = ElevationViews.of(eligibility);
        adminEvent.operation(operation).resource(RESOURCE)
                .resourcePath("zero-trust", "elevation", "eligibilities", eligibility.id().toString()).representation(view).success();
        return Response.status(operation == OperationType.CREATE ? Response.Status.CREATED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(view).build();
    }

    /**
     * Why an eligibility's role cannot be made eligible here: it does not exist, or a SAML app would receive it (a
     * SAML assertion cannot end with an elevation). The eligibility API and the configuration import both ask.
     */
    static Optional<String> roleProblem(KeycloakSession session, RealmModel realm, Eligibility eligibility) {
        Optional<org.keycloak.models.RoleModel> role = new Directory(session, realm).role(eligibility.role());
        if (role.isEmpty()) {
            return Optional.of("role: no role " + eligibility.role());
        }
        List<String> saml = SamlExposure.clientsReceiving(realm, role.get());
        if (!saml.isEmpty()) {
            return Optional.of("role: SAML app(s) " + String.join(", ", saml) + " would receive it, and a SAML"
                    + " assertion cannot end with an elevation; turn off their full scope or keep the role out of it");
        }
        return Optional.empty();
    }

    /** Saves an eligibility; a changed one ends, cuts or keeps the elevations under it ({@link Endings}). */
    static void saveEligibility(KeycloakSession session, RealmModel realm, Eligibility eligibility, boolean existed, String adminId) {
        new ElevationStore(session).save(realm.getId(), eligibility);
        if (existed) {
            new Elevations(session, realm, KeycloakClock.get()).endings().eligibilityChanged(eligibility.id(),
                    Optional.of(eligibility), adminId);
        }
    }

    /** Deletes an eligibility; the elevations granted under it end as {@link Endings} ends them. */
    static void deleteEligibility(KeycloakSession session, RealmModel realm, Eligibility eligibility, String adminId) {
        new ElevationStore(session).deleteEligibility(realm.getId(), eligibility.id());
        new Elevations(session, realm, KeycloakClock.get()).endings().eligibilityChanged(eligibility.id(), Optional.empty(), adminId);
    }

    private AdminRights rights() {
        return new AdminRights(session, realm, auth);
    }

    private Endings endings() {
        return new Elevations(session, realm, KeycloakClock.get()).endings();
    }

    /** 403 with the suite's shape, and an event naming the admin: an attempt past one's rights is worth knowing of. */
    private Response notPermitted(String action, String description) {
        return notPermitted(session, realm, rights(), action, description);
    }

    static Response notPermitted(KeycloakSession session, RealmModel realm, AdminRights rights, String action, String description) {
        new ElevationAudit(session, realm).event(rights.adminId(), rights.adminInRealm().orElse(null), action)
                .error(NOT_PERMITTED);
        return Problem.forbidden(NOT_PERMITTED, description).response();
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

    /** Ends an elevation now: manage-realm and the right to remove its role from its user; an admin event. */
    @POST
    @Path("elevations/{id}/end")
    @Produces(MediaType.APPLICATION_JSON)
    public Response end(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        Optional<RecordId> elevationId = RecordId.parse(id);
        if (elevationId.isEmpty()) {
            return ElevationViews.refusal(Refusal.MALFORMED_ID.id());
        }
        Optional<Elevation> elevation = store().elevation(realm.getId(), elevationId.get());
        if (elevation.isEmpty()) {
            return Problem.notFound(NO_SUCH_ELEVATION, "No elevation with this id in this realm.").response();
        }
        if (!rights().mayEnd(elevation.get())) {
            return notPermitted("end", "You may only end an elevation of a role you could take away from its user yourself.");
        }
        ElevationOutcome outcome = endings().endByAdmin(elevationId.get(), rights().adminId());
        if (outcome instanceof ElevationOutcome.Ended) {
            adminEvent.operation(OperationType.ACTION).resource("ZT_ELEVATION")
                    .resourcePath("zero-trust", "elevation", "elevations", id, "end").success();
        }
        return ElevationViews.ended(outcome);
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
