package io.github.zerotrust.keycloak.authn.signals;

import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.signals.Revocations;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/contain}: one call when a breach is confirmed. Each asks for the right
 * Keycloak itself asks for the same acts (managing that user, managing users for a device, managing that
 * client), carries the plan out through {@link SignalEngine}, writes an admin event with the outcome and answers
 * with it. Every act is idempotent: a second call ends nothing and says {@code "changed": false}.
 */
public final class ContainmentResource {

    public static final String NO_SUCH_USER = "no-such-user";
    public static final String NO_SUCH_DEVICE = "no-such-device";
    public static final String NO_SUCH_CLIENT = "no-such-client";
    static final int MAX_BODY = 1024;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ContainmentResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /**
     * What an admin may ask of a user's containment beyond ending every session and token; absent fields take
     * their defaults (not disabled, password and factors reset), unknown ones are refused.
     */
    public record UserContainment(Boolean disable, Boolean resetPassword, Boolean reRegisterFactors) {

        Revocations.Containment asked() {
            return new Revocations.Containment(Boolean.TRUE.equals(disable), !Boolean.FALSE.equals(resetPassword),
                    !Boolean.FALSE.equals(reRegisterFactors));
        }
    }

    @POST
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response containUser(@PathParam("userId") String userId, InputStream body) {
        UserModel user = userId == null || userId.length() > 255 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            // Like Keycloak's own user endpoints: who may not look users up learns nothing of which ids exist.
            auth.users().requireQuery();
            return Problem.notFound(NO_SUCH_USER, "No user " + Problem.quoted(userId) + " in this realm.").response();
        }
        auth.users().requireManage(user);
        UserContainment asked;
        try {
            asked = JsonBody.valueOrEmpty(session, body, MAX_BODY, UserContainment.class);
        } catch (ProblemException refused) {
            return refused.problem().response();
        }
        Signal signal = new Signal(Trigger.CONTAIN_USER, Subject.user(user.getId()), Signal.ADMIN);
        Outcome outcome = SignalEngine.apply(session, realm, Revocations.containUser(signal, asked.asked()), Map.of());
        return answer(outcome, ResourceType.USER, "users", user.getId());
    }

    @POST
    @Path("devices/{deviceId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response containDevice(@PathParam("deviceId") String deviceId) {
        auth.users().requireManage();
        if (deviceId == null || deviceId.length() > 255 || !DeviceActs.registry().known(session, realm, deviceId)) {
            return Problem.notFound(NO_SUCH_DEVICE, "No device " + Problem.quoted(deviceId) + " in this realm.").response();
        }
        String owner = DeviceActs.registry().owner(session, realm, deviceId).orElse(null);
        Outcome outcome = SignalEngine.handle(session, realm,
                new Signal(Trigger.CONTAIN_DEVICE, Subject.device(owner, deviceId), Signal.ADMIN), Map.of());
        return answer(outcome, ResourceType.USER, "devices", deviceId);
    }

    @POST
    @Path("clients/{clientId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response containClient(@PathParam("clientId") String clientId) {
        ClientModel client = clientId == null || clientId.length() > 255 ? null : realm.getClientByClientId(clientId);
        if (client == null) {
            auth.clients().requireList();
            return Problem.notFound(NO_SUCH_CLIENT, "No client " + Problem.quoted(clientId) + " in this realm.").response();
        }
        auth.clients().requireManage(client);
        Outcome outcome = SignalEngine.handle(session, realm,
                new Signal(Trigger.CONTAIN_CLIENT, Subject.client(client.getClientId()), Signal.ADMIN), Map.of());
        return answer(outcome, ResourceType.CLIENT, "clients", client.getClientId());
    }

    private Response answer(Outcome outcome, ResourceType type, String kind, String id) {
        Map<String, Object> view = outcome.view();
        adminEvent.operation(OperationType.ACTION).resource(type).resourcePath("zero-trust", "contain", kind, id)
                .representation(view).success();
        return Response.ok(view).build();
    }
}
