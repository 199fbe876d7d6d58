package io.github.zerotrust.keycloak.authn.elevation;

import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** The root of {@code /realms/{realm}/zero-trust}. */
public final class ZeroTrustRealmResource {

    private final KeycloakSession session;

    ZeroTrustRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("elevation")
    public ElevationUserResource elevation() {
        return new ElevationUserResource(session);
    }

    @Path("approvals")
    public ApprovalsPage approvals() {
        return new ApprovalsPage(session);
    }
}
