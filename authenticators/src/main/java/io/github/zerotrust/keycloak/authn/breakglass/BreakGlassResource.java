package io.github.zerotrust.keycloak.authn.breakglass;

import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccess;
import io.github.zerotrust.keycloak.breakglass.EmergencyAccount;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/break-glass}: the realm's emergency accounts. Reading needs view-realm and
 * view-users (it names users and their credential types). Marking and unmarking need manage-realm and manage-users
 * (ADR 0025): a marked account passes every zero-trust rule, which is more than managing users alone may grant.
 * Nobody marks their own account; a service account or a federated user cannot be marked. Both are idempotent and
 * each change is an admin event.
 */
public final class BreakGlassResource {

    public static final String NO_SUCH_USER = "no-such-user";
    public static final String OWN_ACCOUNT = "own-account";
    public static final String SERVICE_ACCOUNT = "service-account";
    public static final String FEDERATED_USER = "federated-user";
    public static final String TOO_MANY = "too-many-break-glass-accounts";
    /** Emergency accounts are few by design; the bound keeps the realm attribute small. */
    public static final int MAX_ACCOUNTS = 10;

    private static final Logger LOG = Logger.getLogger(BreakGlassResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public BreakGlassResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        auth.realm().requireViewRealm();
        auth.users().requireView();
        EmergencyAccess access = BreakGlassSurvey.of(session, realm);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accounts", access.accounts().stream().map(this::view).toList());
        body.put("ready", access.ready().size());
        body.put("warnings", access.warnings());
        return Response.ok(body).build();
    }

    @PUT
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response mark(@PathParam("userId") String userId) {
        requireManage();
        UserModel user = user(userId);
        if (user == null) {
            return Problem.notFound(NO_SUCH_USER, "No user " + Problem.quoted(userId) + " in this realm.").response();
        }
        auth.users().requireManage(user);
        Optional<Problem> refused = refusal(user);
        if (refused.isPresent()) {
            return refused.get().response();
        }
        Set<String> ids = new TreeSet<>(BreakGlassAccounts.lockedIds(session, realm));
        boolean changed = ids.add(user.getId());
        if (changed && ids.size() > MAX_ACCOUNTS) {
            return Problem.conflict(TOO_MANY, "A realm keeps at most " + MAX_ACCOUNTS
                    + " break-glass accounts; unmark one first.").response();
        }
        if (changed) {
            BreakGlassAccounts.save(realm, ids);
            LOG.infof("Realm %s: user %s marked as a break-glass account by %s", realm.getName(), user.getUsername(), caller());
            event(OperationType.CREATE, user.getId(), true);
        }
        return answer(BreakGlassSurvey.account(session, realm, user.getId()), changed);
    }

    @DELETE
    @Path("{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response unmark(@PathParam("userId") String userId) {
        requireManage();
        Set<String> ids = new TreeSet<>(BreakGlassAccounts.lockedIds(session, realm));
        UserModel user = user(userId);
        if (user == null && (userId == null || !ids.contains(userId))) {
            return Problem.notFound(NO_SUCH_USER, "No user " + Problem.quoted(userId) + " in this realm.").response();
        }
        if (user != null) {
            auth.users().requireManage(user);
        }
        // A mark may outlive its user: it can still be removed.
        boolean changed = ids.remove(userId);
        if (changed) {
            BreakGlassAccounts.save(realm, ids);
            LOG.infof("Realm %s: break-glass mark removed from user %s by %s", realm.getName(),
                    user == null ? userId : user.getUsername(), caller());
            event(OperationType.DELETE, userId, false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", userId);
        body.put("breakGlass", false);
        body.put("changed", changed);
        return Response.ok(body).build();
    }

    /** Marking exempts from every rule: at least the rights to manage the realm and its users. */
    private void requireManage() {
        auth.realm().requireManageRealm();
        auth.users().requireManage();
    }

    private UserModel user(String userId) {
        return userId == null || userId.isBlank() || userId.length() > 255 ? null : session.users().getUserById(realm, userId);
    }

    private Optional<Problem> refusal(UserModel user) {
        UserModel caller = auth.adminAuth().getUser();
        if (caller != null && caller.getId().equals(user.getId())) {
            return Optional.of(Problem.forbidden(OWN_ACCOUNT,
                    "Nobody marks their own account break-glass: another admin with manage-realm and manage-users must."));
        }
        return notMarkable(session, realm, user);
    }

    /**
     * Why {@code user} cannot be a break-glass account whoever asks (a service account, a federated user), for every
     * way of marking one: this API and the configuration import.
     */
    public static Optional<Problem> notMarkable(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user.getServiceAccountClientLink() != null) {
            return Optional.of(Problem.badRequest(SERVICE_ACCOUNT,
                    "A service account cannot be a break-glass account: it does not sign in interactively."));
        }
        if (BreakGlassSurvey.federated(session, realm, user)) {
            return Optional.of(Problem.badRequest(FEDERATED_USER, "User " + Problem.quoted(user.getUsername())
                    + " is linked to a user federation or an identity provider: an outage or a change there would lock the "
                    + "emergency account out. Use an account kept in Keycloak only."));
        }
        return Optional.empty();
    }

    private String caller() {
        UserModel caller = auth.adminAuth().getUser();
        return caller == null ? "unknown" : caller.getUsername();
    }

    private void event(OperationType operation, String userId, boolean marked) {
        adminEvent.operation(operation).resource(ResourceType.USER).resourcePath("zero-trust", "break-glass", userId)
                .representation(Map.of("id", userId, "breakGlass", marked)).success();
    }

    private Response answer(EmergencyAccount account, boolean changed) {
        Map<String, Object> body = view(account);
        body.put("changed", changed);
        return Response.ok(body).build();
    }

    private Map<String, Object> view(EmergencyAccount account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("breakGlass", true);
        view.put("username", account.username().orElse(null));
        view.put("exists", account.exists());
        view.put("enabled", account.enabled());
        view.put("federated", account.federated());
        view.put("credentialTypes", List.copyOf(new TreeSet<>(account.credentialTypes())));
        view.put("phishingResistant", account.phishingResistant());
        view.put("holdsAdminRole", account.holdsAdminRole());
        view.put("ready", account.ready());
        view.put("lastSignIn", account.exists() ? lastSignIn(account.id()).map(Instant::toString).orElse(null) : null);
        view.put("warnings", account.warnings());
        return view;
    }

    /** The last sign-in the realm's saved events know of (newest first), if it saves them. */
    private Optional<Instant> lastSignIn(String userId) {
        if (!realm.isEventsEnabled()) {
            return Optional.empty();
        }
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store == null) {
            return Optional.empty();
        }
        return store.createQuery().realm(realm.getId()).user(userId).type(EventType.LOGIN).maxResults(1).getResultStream()
                .findFirst().map(e -> Instant.ofEpochMilli(e.getTime()));
    }
}
