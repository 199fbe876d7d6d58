package io.github.zerotrust.keycloak.authn.admin;

import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.UnparseableContentType;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** {@code /admin/realms/{realm}/zero-trust}: the suite's admin API. */
public final class ZeroTrustAdminResource {

    static final String INVALID_ADDRESS = "invalid-address";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ZeroTrustAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        UnparseableContentType.guard(session);
    }

    @Path("zones")
    public ZonesResource zones() {
        return new ZonesResource(session, realm, auth, adminEvent);
    }

    @Path("config")
    public ConfigResource config() {
        return new ConfigResource(session, realm, auth, adminEvent);
    }

    @Path("elevation")
    public io.github.zerotrust.keycloak.authn.elevation.ElevationAdminResource elevation() {
        return new io.github.zerotrust.keycloak.authn.elevation.ElevationAdminResource(session, realm, auth, adminEvent);
    }

    @Path("devices")
    public io.github.zerotrust.keycloak.authn.device.DevicesResource devices() {
        return new io.github.zerotrust.keycloak.authn.device.DevicesResource(session, realm, auth, adminEvent);
    }

    @Path("ssf/transmitters")
    public io.github.zerotrust.keycloak.authn.ssf.SsfTransmittersResource ssfTransmitters() {
        return new io.github.zerotrust.keycloak.authn.ssf.SsfTransmittersResource(session, realm, auth, adminEvent);
    }

    @Path("contain")
    public io.github.zerotrust.keycloak.authn.signals.ContainmentResource contain() {
        return new io.github.zerotrust.keycloak.authn.signals.ContainmentResource(session, realm, auth, adminEvent);
    }

    @Path("break-glass")
    public io.github.zerotrust.keycloak.authn.breakglass.BreakGlassResource breakGlass() {
        return new io.github.zerotrust.keycloak.authn.breakglass.BreakGlassResource(session, realm, auth, adminEvent);
    }

    @Path("guests")
    public io.github.zerotrust.keycloak.authn.guest.GuestsResource guests() {
        return new io.github.zerotrust.keycloak.authn.guest.GuestsResource(session, realm, auth, adminEvent);
    }

    @Path("what-if")
    public io.github.zerotrust.keycloak.authn.whatif.WhatIfResource whatIf() {
        return new io.github.zerotrust.keycloak.authn.whatif.WhatIfResource(session, realm, auth);
    }

    @Path("guard")
    public io.github.zerotrust.keycloak.authn.guard.GuardResource guard() {
        return new io.github.zerotrust.keycloak.authn.guard.GuardResource(session, realm, auth, adminEvent);
    }

    @Path("templates")
    public io.github.zerotrust.keycloak.authn.template.TemplatesResource templates() {
        return new io.github.zerotrust.keycloak.authn.template.TemplatesResource(session, realm, auth, adminEvent);
    }

    @Path("assessment")
    public io.github.zerotrust.keycloak.authn.assessment.AssessmentResource assessment() {
        return new io.github.zerotrust.keycloak.authn.assessment.AssessmentResource(session, realm, auth, adminEvent);
    }

    @Path("whoami")
    public io.github.zerotrust.keycloak.authn.adminpage.WhoAmI whoAmI() {
        return new io.github.zerotrust.keycloak.authn.adminpage.WhoAmI(realm, auth);
    }

    @Path("admin-page")
    public io.github.zerotrust.keycloak.authn.adminpage.AdminPageResource adminPage() {
        return new io.github.zerotrust.keycloak.authn.adminpage.AdminPageResource(session, realm, auth, adminEvent);
    }

    /** Where an address is, as the location conditions of this realm see it: for admins checking a rule. */
    @GET
    @Path("locate")
    @Produces(MediaType.APPLICATION_JSON)
    public Response locate(@QueryParam("address") String address) {
        auth.realm().requireViewRealm();
        if (address == null || address.isBlank() || address.length() > 100) {
            return Problem.badRequest(INVALID_ADDRESS, "Give an IPv4 or IPv6 address: ?address=192.0.2.10").response();
        }
        SignInLocation location = SignInLocation.of(session, realm, address);
        if (location.address().isEmpty()) {
            return Problem.badRequest(INVALID_ADDRESS, Problem.quoted(address) + " is not an IPv4 or IPv6 address.").response();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", location.address().get().canonical());
        body.put("country", location.country().isKnown() ? location.country().isoCode() : "unknown");
        body.put("zones", new TreeSet<>(location.zones()));
        return Response.ok(body).build();
    }
}
