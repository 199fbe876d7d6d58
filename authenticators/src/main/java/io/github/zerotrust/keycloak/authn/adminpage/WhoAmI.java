package io.github.zerotrust.keycloak.authn.adminpage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code GET /admin/realms/{realm}/zero-trust/whoami} (view-realm): who the caller is and what Keycloak's admin
 * permissions let them do here, so the admin page can disable the controls they may not use. A convenience only:
 * every endpoint still checks the same permissions itself.
 */
public final class WhoAmI {

    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public WhoAmI(RealmModel realm, AdminPermissionEvaluator auth) {
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        auth.realm().requireViewRealm();
        UserModel user = auth.adminAuth().getUser();
        Map<String, Object> may = new LinkedHashMap<>();
        may.put("viewRealm", auth.realm().canViewRealm());
        may.put("manageRealm", auth.realm().canManageRealm());
        may.put("viewUsers", auth.users().canView());
        may.put("manageUsers", auth.users().canManage());
        may.put("viewClients", auth.clients().canView());
        may.put("manageClients", auth.clients().canManage());
        may.put("viewEvents", auth.realm().canViewEvents());
        may.put("manageEvents", auth.realm().canManageEvents());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("signedInTo", auth.adminAuth().getRealm().getName());
        body.put("userId", user == null ? null : user.getId());
        body.put("username", user == null ? null : user.getUsername());
        body.put("may", may);
        return Response.ok(body).build();
    }
}
