package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/zero-trust/approvals}: the page where approvers see the requests waiting for them and
 * approve or deny with a comment, rendered by the realm's login theme ({@code zt-approvals.ftl}, every shipped
 * language, ADR 0003). It runs on the approver's Keycloak session (sign in to any app of the realm first). Forms
 * carry a token bound to that session ({@link ApprovalFormToken}) and the request must come from the realm's own
 * origin, so another site cannot make an approver's browser answer for them.
 */
public final class ApprovalsPage {

    static final String TEMPLATE = "zt-approvals.ftl";
    private static final Logger LOG = Logger.getLogger(ApprovalsPage.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApprovalsPage(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    private Optional<AuthenticationManager.AuthResult> signedIn() {
        return Optional.ofNullable(AuthenticationManager.authenticateIdentityCookie(session, realm, true));
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@QueryParam("done") String done) {
        Optional<AuthenticationManager.AuthResult> signedIn = signedIn();
        if (signedIn.isEmpty()) {
            return page(Response.Status.UNAUTHORIZED, null, Map.of("state", "sign-in", "signInUrl", accountUrl()));
        }
        UserModel approver = signedIn.get().user();
        Optional<String> token = ApprovalFormToken.of(session, realm, signedIn.get().session());
        if (token.isEmpty()) {
            return page(Response.Status.SERVICE_UNAVAILABLE, approver, Map.of("state", "unavailable"));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("state", "list");
        model.put("action", selfUrl().toString());
        model.put("csrf", token.get());
        if (done != null && done.matches("[a-z-]{1,40}")) {
            model.put("result", done);
            model.put("resultKey", resultKey(done));
        }
        List<ElevationRequest> pending = new Elevations(session, realm, KeycloakClock.get()).approvals().pendingFor(approver);
        model.put("requests", pending.stream().map(this::row).toList());
        return page(Response.Status.OK, approver, model);
    }

    private Map<String, Object> row(ElevationRequest r) {
        UserModel requester = session.users().getUserById(realm, r.requesterId());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", r.id().toString());
        row.put("role", r.ask().role().toString());
        row.put("requester", requester == null ? r.requesterId() : requester.getUsername());
        row.put("minutes", Long.toString(r.ask().duration().toMinutes()));
        row.put("justification", r.ask().justification());
        r.ask().ticket().ifPresent(t -> row.put("ticket", t));
        row.put("approvals", Integer.toString(r.approvals().size()));
        row.put("approvalsRequired", Integer.toString(r.approvalsRequired()));
        row.put("lapsesAt", WHEN.format(r.lapsesAt()));
        return row;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response answer() {
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        Optional<AuthenticationManager.AuthResult> signedIn = signedIn();
        if (signedIn.isEmpty()) {
            return page(Response.Status.UNAUTHORIZED, null, Map.of("state", "sign-in", "signInUrl", accountUrl()));
        }
        if (!ApprovalFormToken.matches(session, realm, signedIn.get().session(), form.getFirst("csrf")) || !sameOrigin()) {
            return page(Response.Status.FORBIDDEN, signedIn.get().user(), Map.of("state", "forbidden"));
        }
        Optional<RecordId> request = RecordId.parse(form.getFirst("request"));
        String decision = form.getFirst("decision");
        if (request.isEmpty() || !("approve".equals(decision) || "deny".equals(decision))) {
            return redirect(Refusal.MALFORMED_ID.id());
        }
        Approvals approvals = new Elevations(session, realm, KeycloakClock.get()).approvals();
        String comment = form.getFirst("comment");
        // The cookie is the proof here: the session's own record of the levels it reached, and its notes.
        UserSessionModel userSession = signedIn.get().session();
        Caller approver = Caller.ofSession(realm, signedIn.get().user(), userSession, userSession.getNote(Constants.LOA_MAP));
        ElevationOutcome outcome = "approve".equals(decision) ? approvals.approve(approver, request.get(), comment)
                : approvals.deny(approver, request.get(), comment);
        if (outcome instanceof ElevationOutcome.Refused refused) {
            return redirect(refused.reason());
        }
        return redirect(outcome.requestCarried().map(r -> r.state().name().toLowerCase(Locale.ROOT)).orElse(Refusal.NOT_PENDING.id()));
    }

    /**
     * Defence in depth beside the form token: a post that names another site as its origin is refused. Under
     * Keycloak's {@code Referrer-Policy: no-referrer} browsers send {@code Origin: null} even from this very page,
     * so an opaque origin proves nothing either way and the token decides.
     */
    private boolean sameOrigin() {
        URI base = session.getContext().getUri().getBaseUri();
        String own = base.getScheme() + "://" + base.getAuthority();
        String origin = session.getContext().getRequestHeaders().getHeaderString("Origin");
        if (origin != null && !"null".equals(origin)) {
            if (!origin.equals(own)) {
                LOG.warnf("Realm %s: approvals form posted from origin %s, not %s; refused", realm.getName(), origin, own);
            }
            return origin.equals(own);
        }
        String referer = session.getContext().getRequestHeaders().getHeaderString("Referer");
        return referer == null || referer.startsWith(own + "/");
    }

    /** The page after an answer: the result as a state ({@code approved}, {@code pending}, {@code denied}) or a reason id. */
    private static String resultKey(String result) {
        return switch (result) {
            case "approved" -> "ztApprovalsApproved";
            case "pending" -> "ztApprovalsPending";
            case "denied" -> "ztApprovalsDenied";
            default -> ReasonMessages.key(result);
        };
    }

    private Response redirect(String result) {
        return Response.seeOther(selfUrl(result)).build();
    }

    private URI selfUrl() {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("zero-trust").path("approvals").build();
    }

    private URI selfUrl(String result) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("zero-trust").path("approvals").queryParam("done", result).build();
    }

    private String accountUrl() {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path("account").build().toString();
    }

    /** The realm's login theme renders it; the page's own rules keep it out of frames and caches. */
    private Response page(Response.Status status, UserModel approver, Map<String, Object> model) {
        LoginFormsProvider form = session.getProvider(LoginFormsProvider.class);
        if (approver != null) {
            form.setUser(approver);
        }
        return form.setStatus(status).setAttribute("ztApprovals", model)
                .setResponseHeader("Cache-Control", "no-store")
                .setResponseHeader("X-Frame-Options", "DENY")
                .setResponseHeader("Content-Security-Policy", "frame-ancestors 'none'; form-action 'self'")
                .createForm(TEMPLATE);
    }
}
