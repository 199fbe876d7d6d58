package io.github.zerotrust.keycloak.authn;

import io.github.zerotrust.keycloak.authn.device.MyDevicesResource;
import io.github.zerotrust.keycloak.authn.elevation.ApprovalsPage;
import io.github.zerotrust.keycloak.authn.elevation.ElevationUserResource;
import io.github.zerotrust.keycloak.authn.rest.UnparseableContentType;
import io.github.zerotrust.keycloak.authn.ssf.SsfPushResource;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** The root of {@code /realms/{realm}/zero-trust}: own devices, own elevations and requests, approvals,
 * Shared Signals pushed by trusted transmitters, and the admin page's files. */
public final class ZeroTrustRealmResource {

    private final KeycloakSession session;

    ZeroTrustRealmResource(KeycloakSession session) {
        this.session = session;
        UnparseableContentType.guard(session);
    }

    @Path("elevation")
    public ElevationUserResource elevation() {
        return new ElevationUserResource(session);
    }

    @Path("devices")
    public MyDevicesResource devices() {
        return new MyDevicesResource(session);
    }

    @Path("ssf")
    public SsfPushResource ssf() {
        return new SsfPushResource(session);
    }

    @Path("admin")
    public io.github.zerotrust.keycloak.authn.adminpage.AdminPage adminPage() {
        return new io.github.zerotrust.keycloak.authn.adminpage.AdminPage(session);
    }

    @Path("approvals")
    public ApprovalsPage approvals() {
        return new ApprovalsPage(session);
    }
}
