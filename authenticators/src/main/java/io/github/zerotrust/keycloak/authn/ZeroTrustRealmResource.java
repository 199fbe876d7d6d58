package io.github.zerotrust.keycloak.authn;

import io.github.zerotrust.keycloak.authn.device.MyDevicesResource;
import io.github.zerotrust.keycloak.authn.elevation.ApprovalsPage;
import io.github.zerotrust.keycloak.authn.elevation.ElevationUserResource;
import io.github.zerotrust.keycloak.authn.rest.UnparseableContentType;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** The root of {@code /realms/{realm}/zero-trust}: own devices, own elevations and requests, approvals. */
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

    @Path("approvals")
    public ApprovalsPage approvals() {
        return new ApprovalsPage(session);
    }
}
