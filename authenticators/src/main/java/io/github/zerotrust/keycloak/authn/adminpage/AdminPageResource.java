package io.github.zerotrust.keycloak.authn.adminpage;

import io.github.zerotrust.keycloak.authn.rest.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/admin-page}: the admin page's client. {@code GET} (view-realm) says whether
 * it is there and fit; {@code PUT} (manage-realm and manage-clients) creates it, or narrows a same-named public client
 * whose redirect URIs are the page's own, and refuses any other (ADR 0029). Idempotent; a change is an admin event.
 */
public final class AdminPageResource {

    public static final String CLIENT_UNFIT = "admin-page-client-unfit";
    private static final Logger LOG = Logger.getLogger(AdminPageResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final AdminPageClient client;

    public AdminPageResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.client = new AdminPageClient(session, realm);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        auth.realm().requireViewRealm();
        ClientFit fit = client.fit();
        return Response.ok(body(fit, false)).build();
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response setUp() {
        // A client is a way in to the realm: both the realm's and the clients' manage rights.
        auth.realm().requireManageRealm();
        auth.clients().requireManage();
        ClientModel existing = client.find();
        if (existing == null) {
            ClientModel created = client.create();
            LOG.infof("Realm %s: admin page client %s created by %s", realm.getName(), AdminPageClient.CLIENT_ID, caller());
            event(OperationType.CREATE, created);
            return Response.status(Response.Status.CREATED).entity(body(client.fit(), true)).build();
        }
        ClientFit fit = ClientFit.of(client.shape(existing), client.pageUrl(), client.origin());
        if (!fit.repairable()) {
            return Problem.conflict(CLIENT_UNFIT, "A client " + Problem.quoted(AdminPageClient.CLIENT_ID)
                    + " exists and is not set up for the admin page, and it is not changed: " + String.join("; ", fit.refusals())
                    + ". Rename or delete that client if nothing uses it, then try again.").response();
        }
        if (fit.ready()) {
            return Response.ok(body(fit, false)).build();
        }
        client.repair(existing);
        LOG.infof("Realm %s: admin page client %s narrowed by %s: %s", realm.getName(), AdminPageClient.CLIENT_ID, caller(),
                fit.repairs());
        event(OperationType.UPDATE, existing);
        Map<String, Object> body = body(client.fit(), true);
        body.put("repaired", fit.repairs());
        return Response.ok(body).build();
    }

    private Map<String, Object> body(ClientFit fit, boolean changed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clientId", AdminPageClient.CLIENT_ID);
        body.put("pageUrl", client.pageUrl());
        body.put("client", state(fit));
        body.put("problems", fit == null ? List.of() : fit.refusals().isEmpty() ? fit.repairs() : fit.refusals());
        body.put("changed", changed);
        return body;
    }

    /** {@code missing}, {@code ready}, {@code repairable} (setting up narrows it) or {@code unfit} (setting up refuses). */
    static String state(ClientFit fit) {
        if (fit == null) {
            return "missing";
        }
        return fit.ready() ? "ready" : fit.repairable() ? "repairable" : "unfit";
    }

    private String caller() {
        UserModel caller = auth.adminAuth().getUser();
        return caller == null ? "unknown" : caller.getUsername();
    }

    private void event(OperationType operation, ClientModel c) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("clientId", AdminPageClient.CLIENT_ID);
        rep.put("redirectUris", List.copyOf(c.getRedirectUris()));
        rep.put("publicClient", c.isPublicClient());
        adminEvent.operation(operation).resource(ResourceType.CLIENT).resourcePath("zero-trust", "admin-page")
                .representation(rep).success();
    }
}
