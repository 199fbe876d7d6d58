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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.common.util.HtmlUtils;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/zero-trust/approvals}: the page where approvers see the requests waiting for
 * them and approve or deny with a comment. It runs on the approver's Keycloak session (sign in to any
 * app of the realm first). Forms carry a token bound to that session and the request must come from
 * the realm's own origin, so another site cannot make an approver's browser answer for them.
 */
public final class ApprovalsPage {


    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ApprovalsPage.class);

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
            return page(Response.Status.UNAUTHORIZED, "<p>Sign in to an application of this realm first, then open this page again.</p>"
                    + "<p><a href=\"" + escape(accountUrl()) + "\">Sign in</a></p>");
        }
        UserModel approver = signedIn.get().user();
        String csrf = csrf(signedIn.get().session());
        if (csrf == null) {
            return page(Response.Status.SERVICE_UNAVAILABLE, "<p>The realm has no HMAC key; approvals cannot be made here.</p>");
        }
        List<ElevationRequest> pending = ElevationUserResource.pendingFor(session, realm, approver);
        StringBuilder body = new StringBuilder();
        if (done != null && done.matches("[a-z-]{1,40}")) {
            body.append("<p class=\"notice\" id=\"zt-result\">").append(escape(resultText(done))).append("</p>");
        }
        if (pending.isEmpty()) {
            body.append("<p id=\"zt-none\">No requests are waiting for you.</p>");
        }
        for (ElevationRequest r : pending) {
            UserModel requester = session.users().getUserById(realm, r.requesterId());
            body.append("<section class=\"request\" data-request=\"").append(r.id()).append("\">")
                    .append("<h2>").append(escape(r.ask().role().toString())).append("</h2>")
                    .append("<p>Requested by <b>").append(escape(requester == null ? r.requesterId() : requester.getUsername()))
                    .append("</b> for ").append(r.ask().duration().toMinutes()).append(" minutes.</p>")
                    .append("<p>Reason: ").append(escape(r.ask().justification())).append("</p>")
                    .append(r.ask().ticket().map(t -> "<p>Ticket: " + escape(t) + "</p>").orElse(""))
                    .append("<p>Approvals: ").append(r.approvals().size()).append(" of ").append(r.approvalsRequired())
                    .append("; lapses at ").append(r.lapsesAt()).append(".</p>")
                    .append("<form method=\"post\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(csrf)).append("\">")
                    .append("<input type=\"hidden\" name=\"request\" value=\"").append(r.id()).append("\">")
                    .append("<label>Comment <input type=\"text\" name=\"comment\" maxlength=\"500\"></label> ")
                    .append("<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> ")
                    .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>")
                    .append("</form></section>");
        }
        return page(Response.Status.OK, body.toString());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response answer() {
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        Optional<AuthenticationManager.AuthResult> signedIn = signedIn();
        if (signedIn.isEmpty()) {
            return page(Response.Status.UNAUTHORIZED, "<p>Your session has ended. Sign in again.</p>");
        }
        String expected = csrf(signedIn.get().session());
        String given = form.getFirst("csrf");
        if (expected == null || given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8)) || !sameOrigin()) {
            return page(Response.Status.FORBIDDEN, "<p id=\"zt-forbidden\">This form did not come from this page. Nothing was changed.</p>");
        }
        Optional<RecordId> request = RecordId.parse(form.getFirst("request"));
        String decision = form.getFirst("decision");
        if (request.isEmpty() || !("approve".equals(decision) || "deny".equals(decision))) {
            return redirect(Refusal.MALFORMED_ID.id());
        }
        Elevations elevations = new Elevations(session, realm, KeycloakClock.get());
        String comment = form.getFirst("comment");
        Elevations.Outcome outcome = "approve".equals(decision)
                ? elevations.approve(signedIn.get().user(), request.get(), comment)
                : elevations.deny(signedIn.get().user(), request.get(), comment);
        if (outcome.request().isEmpty()) {
            return redirect(outcome.refusal().orElse(Refusal.NOT_PENDING.id()));
        }
        return redirect(outcome.request().get().state().name().toLowerCase(java.util.Locale.ROOT));
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

    /**
     * The form token: a keyed hash of the approver's session id with the realm's HMAC key, so it is the same
     * on every node, ends with the session, and another site cannot compute it. Null without a key (fail closed).
     */
    private String csrf(UserSessionModel userSession) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, "HS512");
        if (key == null || key.getSecretKey() == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getSecretKey().getEncoded(), "HmacSHA256"));
            byte[] tag = mac.doFinal(("zt-approvals:" + userSession.getId()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private Response redirect(String result) {
        URI self = session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("zero-trust").path("approvals").queryParam("done", result).build();
        return Response.seeOther(self).build();
    }

    private String accountUrl() {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName()).path("account").build().toString();
    }

    private static String resultText(String result) {
        return switch (result) {
            case "approved" -> "Approved: the role is now active for the requester.";
            case "pending" -> "Your approval is recorded; more approvals are needed.";
            case "denied" -> "Denied. The requester is told.";
            case "self-approval" -> "You cannot answer your own request.";
            case "not-an-approver" -> "You are not an approver for this request.";
            case "already-approved" -> "You have already approved this request.";
            case "comment-missing" -> "A denial needs a comment.";
            case "lapsed", "not-pending" -> "This request is no longer waiting for an answer.";
            default -> "The request could not be answered (" + result + ").";
        };
    }

    private Response page(Response.Status status, String body) {
        String html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Approvals</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<style>body{font-family:sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#151515}"
                + "section{border:1px solid #d2d2d2;border-radius:4px;padding:0 1rem 1rem;margin:1rem 0}"
                + ".notice{background:#e7f1fa;padding:.75rem}button{margin-right:.5rem}</style></head><body>"
                + "<h1>Requests waiting for your approval</h1>" + body + "</body></html>";
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY")

                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .entity(html).build();
    }

    private static String escape(String text) {
        return HtmlUtils.escapeAttribute(text);
    }
}
