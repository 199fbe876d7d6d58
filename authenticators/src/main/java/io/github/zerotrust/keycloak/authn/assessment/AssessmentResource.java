package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.assessment.Catalogue;
import io.github.zerotrust.keycloak.assessment.Finding;
import io.github.zerotrust.keycloak.assessment.MaturityReport;
import io.github.zerotrust.keycloak.assessment.ReportOnlyImpact;
import io.github.zerotrust.keycloak.assessment.Score;
import io.github.zerotrust.keycloak.assessment.Stage;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/assessment}: the realm scored against the roadmap, check by check.
 * Reading it needs view-realm and view-users (the evidence counts and names users); recording a snapshot of the
 * score needs manage-realm and is an admin event; the history of scores needs view-realm (scores only). Reading
 * never writes: a snapshot is recorded only when asked for, so a view-only admin changes nothing.
 */
public final class AssessmentResource {

    static final String UNKNOWN_PARAMETER = "unknown-parameter";
    static final int IMPACT_USERS = 20;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Clock clock = KeycloakClock.get();

    public AssessmentResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response assessment() {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        Optional<Response> refused = noParameters();
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant at = clock.instant();
        MaturityReport report = Catalogue.assess(new RealmSurvey(session, realm, clock).facts());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("assessedAt", at.toString());
        body.put("score", score(report.score()));
        body.put("checks", report.findings().stream().map(AssessmentResource::check).toList());
        return Response.ok(body).build();
    }

    @POST
    @Path("snapshots")
    @Produces(MediaType.APPLICATION_JSON)
    public Response snapshot() {
        auth.realm().requireManageRealm();
        Optional<Response> refused = noParameters();
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant at = clock.instant();
        Score score = Catalogue.assess(new RealmSurvey(session, realm, clock).facts()).score();
        new ScoreRecord(session, realm).record(at, score);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("at", at.toString());
        entry.putAll(score(score));
        adminEvent.operation(OperationType.CREATE).resource(ResourceType.REALM)
                .resourcePath("zero-trust", "assessment", "snapshots").representation(entry).success();
        return Response.status(Response.Status.CREATED).entity(entry).build();
    }

    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public Response history() {
        auth.realm().requireViewRealm();
        Optional<Response> refused = noParameters();
        if (refused.isPresent()) {
            return refused.get();
        }
        // The stored form is the answer's form: [{"at", "overall", "foundation", "intermediate", "advanced"}].
        return Response.ok(new ScoreRecord(session, realm).history().write(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * What each rule now in report-only would have done: sign-ins it would have affected in the last day, 7 and 30
     * days, and who (most affected first, at most {@value #IMPACT_USERS}), from the saved sign-in events. Needs
     * view-realm (the flows), view-users (the answer names users) and view-events (it is read from the events), the
     * rights Keycloak asks for each of them.
     */
    @GET
    @Path("report-only")
    @Produces(MediaType.APPLICATION_JSON)
    public Response reportOnly() {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        auth.realm().requireViewEvents();
        Optional<Response> refused = noParameters();
        if (refused.isPresent()) {
            return refused.get();
        }
        Instant at = clock.instant();
        ReportOnlySurvey survey = new ReportOnlySurvey(session, realm, at);
        List<ReportOnlyImpact.Rule> rules = survey.rules();
        boolean saved = survey.eventsSaved();
        List<ReportOnlyImpact.Sighting> sightings = saved ? survey.sightings() : List.of();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("at", at.toString());
        body.put("loginEventsSaved", saved);
        body.put("eventsRead", survey.read());
        body.put("eventsCapped", survey.read() >= ReportOnlySurvey.MAX_EVENTS);
        body.put("rules", ReportOnlyImpact.of(rules, sightings, at, IMPACT_USERS).stream().map(ReportOnlyImpact::view).toList());
        return Response.ok(body).build();
    }

    /** None of these endpoints takes a parameter: one given is a mistake (a filter that is not applied), so it is refused. */
    private Optional<Response> noParameters() {
        TreeSet<String> given = new TreeSet<>(session.getContext().getUri().getQueryParameters().keySet());
        if (given.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Problem.badRequest(UNKNOWN_PARAMETER, "This endpoint takes no query parameters; it was given "
                + String.join(", ", given.stream().map(Problem::quoted).toList()) + ".").response());
    }

    private static Map<String, Object> score(Score score) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("overall", score.overall());
        for (Stage stage : Stage.values()) {
            body.put(stage.id(), score.byStage().get(stage).orElse(null));
        }
        return body;
    }

    private static Map<String, Object> check(Finding finding) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", finding.check().id());
        body.put("stage", finding.check().stage().id());
        body.put("weight", finding.check().weight());
        body.put("status", finding.status().id());
        body.put("title", finding.check().title());
        body.put("evidence", finding.evidence());
        body.put("why", finding.check().why());
        body.put("fix", finding.check().fix());
        body.put("guide", finding.check().guide());
        body.put("template", finding.check().template().orElse(null));
        return body;
    }
}
