package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.signals.SignalEngine;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code /realms/{realm}/zero-trust/devices}: a user's own devices, with the user's bearer token. A user
 * sees and removes only their own; another user's device is "not found", never "forbidden", so ids
 * cannot be probed. Removing a device ends the sessions it signed in; a device an admin retired cannot be removed.
 */
public final class MyDevicesResource {

    private final KeycloakSession session;

    public MyDevicesResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        Optional<UserModel> caller = caller();
        if (caller.isEmpty()) {
            return Problem.bearerTokenRequired().response();
        }
        UserModel user = caller.get();
        RealmModel realm = session.getContext().getRealm();
        return Response.ok(DeviceViews.all(session, realm, new DeviceStore(session).ofOwner(realm.getId(), user.getId()), false))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        Optional<UserModel> caller = caller();
        if (caller.isEmpty()) {
            return Problem.bearerTokenRequired().response();
        }
        UserModel user = caller.get();
        RealmModel realm = session.getContext().getRealm();
        return own(realm, user, id).map(d -> Response.ok(DeviceViews.of(session, realm, d, false)).build())
                .orElseGet(() -> DeviceViews.notFound(id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Optional<UserModel> caller = caller();
        if (caller.isEmpty()) {
            return Problem.bearerTokenRequired().response();
        }
        UserModel user = caller.get();
        RealmModel realm = session.getContext().getRealm();
        Optional<DeviceEntity> device = own(realm, user, id);
        if (device.isEmpty()) {
            return DeviceViews.notFound(id);
        }
        if (DeviceState.of(device.get().getState()) == DeviceState.RETIRED) {
            // Removing it would let the same id come back as a new, active device at the next sign-in.
            return Problem.conflict(DeviceViews.DEVICE_RETIRED, "An administrator retired this device; it stays in the"
                    + " registry. Ask your IT team if it should be removed.").response();
        }
        SignalEngine.handle(session, realm, new Signal(Trigger.DEVICE_REMOVED,
                Subject.device(user.getId(), device.get().getDeviceId()), Signal.ZERO_TRUST), Map.of());
        new DeviceStore(session).remove(device.get());
        return Response.noContent().build();
    }

    private Optional<DeviceEntity> own(RealmModel realm, UserModel user, String id) {
        return new DeviceStore(session).find(realm.getId(), id).filter(d -> user.getId().equals(d.getOwnerId()));
    }

    private Optional<UserModel> caller() {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        return auth == null ? Optional.empty() : Optional.ofNullable(auth.user());
    }
}
