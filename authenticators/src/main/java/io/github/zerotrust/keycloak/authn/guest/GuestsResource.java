package io.github.zerotrust.keycloak.authn.guest;

import io.github.zerotrust.keycloak.authn.signin.Guests;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.guest.Guest;
import io.github.zerotrust.keycloak.guest.GuestSettings;
import io.github.zerotrust.keycloak.guest.GuestTerms;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/guests}: the realm's guests and their sponsor and end date. Reading needs
 * view-users (for one guest: the right to view him). Setting a record needs what Keycloak asks to change the user's
 * attributes directly: manage-users for that user (fine-grained permissions included), and the right to view the
 * sponsor (a sponsor the admin may not see is "no such user"); nobody sets his own record (403 {@code own-guest-record}). Every problem is a 400 {@code invalid-guest} naming
 * each field, and nothing is written; a success is an admin event on the user.
 */
public final class GuestsResource {

    public static final String NO_SUCH_USER = "no-such-user";
    public static final String NOT_A_GUEST = "not-a-guest";
    public static final String INVALID_GUEST = "invalid-guest";
    public static final String RECORD_EDITABLE = "guest-record-editable";
    public static final String OWN_RECORD = "own-guest-record";
    static final int MAX_BODY_BYTES = 4096;
    private static final Logger LOG = Logger.getLogger(GuestsResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public GuestsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /** The body of a PUT: the sponsor's user id and the end of access (ISO-8601). */
    public record Body(String sponsor, String endsAt) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.users().requireView();
        return Guests.all(session, realm).stream().map(user -> view(user, Guests.of(session, realm, user).orElseThrow())).toList();
    }

    @GET
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("userId") String userId) {
        UserModel user = user(userId);
        if (user == null) {
            return noSuchUser(userId);
        }
        auth.users().requireView(user);
        Optional<Guest> guest = Guests.of(session, realm, user);
        return guest.isEmpty() ? notAGuest(user) : Response.ok(view(user, guest.get())).build();
    }

    @PUT
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response set(@PathParam("userId") String userId, InputStream input) {
        UserModel user = user(userId);
        if (user == null) {
            auth.users().requireManage();
            return noSuchUser(userId);
        }
        auth.users().requireManage(user);
        if (auth.adminAuth() != null && auth.adminAuth().getUser() != null && auth.adminAuth().getUser().getId().equals(user.getId())) {
            // A guest who may manage users would otherwise extend his own access or name his own sponsor.
            return Problem.forbidden(OWN_RECORD, "Nobody sets his own guest record: another admin who may manage this user"
                    + " must; nothing was changed.").response();
        }
        Body body;
        try {
            body = JsonBody.value(session, input, MAX_BODY_BYTES, Body.class);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        Optional<Guest> guest = Guests.of(session, realm, user);
        if (guest.isEmpty()) {
            return notAGuest(user);
        }
        if (!guest.get().protectedRecord()) {
            return Problem.conflict(RECORD_EDITABLE, "Users of this realm can change the attributes " + Guests.SPONSOR + " and "
                    + Guests.ENDS_AT + " themselves (the realm's user profile lets them). Make them admin-only or leave them"
                    + " unmanaged with the unmanaged-attribute policy off, admin-view or admin-edit; nothing was changed.").response();
        }
        GuestTerms.Checked checked = GuestTerms.check(sponsor(user, body.sponsor()), body.sponsor(), body.endsAt(),
                KeycloakClock.get().instant(), GuestSettings.parse(realm.getAttributes()));
        if (checked.terms().isEmpty()) {
            return Problem.badRequest(INVALID_GUEST, "The guest record is not valid: " + String.join("; ", checked.problems())
                    + ".").response();
        }
        GuestTerms terms = checked.terms().get();
        user.setSingleAttribute(Guests.SPONSOR, terms.sponsorId());
        user.setSingleAttribute(Guests.ENDS_AT, terms.endsAt().toString());
        Map<String, Object> view = view(user, Guests.of(session, realm, user).orElseThrow());
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.USER).resourcePath("zero-trust", "guests", user.getId())
                .representation(Map.of("id", user.getId(), "sponsor", terms.sponsorId(), "endsAt", terms.endsAt().toString())).success();
        LOG.infof("Realm %s: guest %s sponsored by %s until %s (set by %s)", realm.getName(), user.getUsername(),
                terms.sponsorId(), terms.endsAt(), caller());
        return Response.ok(view).build();
    }

    private GuestTerms.Sponsor sponsor(UserModel guest, String sponsorId) {
        if (sponsorId == null || sponsorId.isBlank()) {
            return GuestTerms.Sponsor.MISSING;
        }
        UserModel sponsor = user(sponsorId);
        if (sponsor == null || !auth.users().canView(sponsor)) {
            return GuestTerms.Sponsor.UNKNOWN;
        }
        if (sponsor.getId().equals(guest.getId())) {
            return GuestTerms.Sponsor.SELF;
        }
        if (Guests.source(session, realm, sponsor, GuestSettings.parse(realm.getAttributes())).isPresent()) {
            return GuestTerms.Sponsor.GUEST;
        }
        if (!sponsor.isEnabled() || sponsor.getServiceAccountClientLink() != null) {
            return GuestTerms.Sponsor.NOT_A_PERSON;
        }
        return GuestTerms.Sponsor.FOUND;
    }

    private UserModel user(String userId) {
        return userId == null || userId.isBlank() || userId.length() > 255 ? null : session.users().getUserById(realm, userId);
    }

    private Map<String, Object> view(UserModel user, Guest guest) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.getId());
        view.put("username", user.getUsername());
        view.put("source", guest.source().id());
        view.put("sponsor", guest.sponsorId().orElse(null));
        view.put("endsAt", guest.endsAt().map(Object::toString).orElse(null));
        view.put("ended", guest.ended(KeycloakClock.get().instant()));
        view.put("protectedRecord", guest.protectedRecord());
        view.put("missing", guest.missing().orElse(null));
        return view;
    }

    private String caller() {
        return auth.adminAuth() == null || auth.adminAuth().getUser() == null ? "unknown" : auth.adminAuth().getUser().getUsername();
    }

    private static Response noSuchUser(String userId) {
        return Problem.notFound(NO_SUCH_USER, "No user " + Problem.quoted(userId) + " in this realm.").response();
    }

    private static Response notAGuest(UserModel user) {
        return Problem.conflict(NOT_A_GUEST, "User " + Problem.quoted(user.getUsername()) + " is not a guest: neither a member"
                + " of the guests group (" + GuestSettings.GROUP + ") nor linked to a partner's identity provider ("
                + GuestSettings.PARTNER + "=true).").response();
    }
}
