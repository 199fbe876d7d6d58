package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.signals.SignalEngine;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.device.Compliance;
import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.device.PostureReport;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/devices}: the device registry. Admins list and read devices
 * (view-users) and approve or retire them (manage-users). Agents and MDMs push postures and enrol keys
 * with the token of a service account holding the realm role {@value #REPORTER_ROLE}, and nothing else
 * may: an admin role does not make a posture report true. A reporter speaks only for the devices it enrolled,
 * never replaces an enrolled key and never revives a retired device. Every change is an admin event.
 */
public final class DevicesResource {

    public static final String REPORTER_ROLE = "zt-device-reporter";
    static final int MAX_KEY_BYTES = 4000;
    private static final Logger LOG = Logger.getLogger(DevicesResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final DeviceStore store;
    private final Clock clock = KeycloakClock.get();

    public DevicesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.store = new DeviceStore(session);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("user") String username, @QueryParam("first") @DefaultValue("0") int first,
                         @QueryParam("max") @DefaultValue("100") int max) {
        auth.users().requireView();
        if (username != null) {
            UserModel user = session.users().getUserByUsername(realm, username);
            if (user == null) {
                return Problem.notFound(DeviceViews.NO_SUCH_USER, "No user " + Problem.quoted(username) + " in this realm.")
                        .response();
            }
            return Response.ok(DeviceViews.all(session, realm, store.ofOwner(realm.getId(), user.getId()), true)).build();
        }
        return Response.ok(DeviceViews.all(session, realm, store.ofRealm(realm.getId(), Math.max(0, first),
                Math.max(1, Math.min(max, 500))), true)).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        auth.users().requireView();
        return store.find(realm.getId(), id).map(d -> Response.ok(DeviceViews.of(session, realm, d, true)).build())
                .orElseGet(() -> DeviceViews.notFound(id));
    }

    @POST
    @Path("{id}/approve")
    @Produces(MediaType.APPLICATION_JSON)
    public Response approve(@PathParam("id") String id) {
        auth.users().requireManage();
        Optional<DeviceEntity> device = store.find(realm.getId(), id);
        if (device.isEmpty()) {
            return DeviceViews.notFound(id);
        }
        device.get().setState(DeviceState.APPROVED.name());
        Map<String, Object> view = DeviceViews.of(session, realm, device.get(), true);
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.USER)
                .resourcePath("zero-trust", "devices", device.get().getDeviceId(), "approve").representation(view).success();
        return Response.ok(view).build();
    }

    /** Retires the device and ends its sessions at once. */
    @POST
    @Path("{id}/retire")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retire(@PathParam("id") String id) {
        auth.users().requireManage();
        Optional<DeviceEntity> device = store.find(realm.getId(), id);
        if (device.isEmpty()) {
            return DeviceViews.notFound(id);
        }
        device.get().setState(DeviceState.RETIRED.name());
        int revoked = SignalEngine.handle(session, realm, new Signal(Trigger.DEVICE_RETIRED,
                Subject.device(device.get().getOwnerId(), device.get().getDeviceId()), Signal.ADMIN), Map.of()).sessionsEnded();
        Map<String, Object> view = DeviceViews.of(session, realm, device.get(), true);
        view.put("sessionsRevoked", revoked);
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.USER)
                .resourcePath("zero-trust", "devices", device.get().getDeviceId(), "retire").representation(view).success();
        return Response.ok(view).build();
    }

    /**
     * A posture report from an agent or MDM (see {@link PostureReport}: strict, at most 16 KiB). The device
     * is judged against the realm's baseline at once: a device that is no longer allowed in (non-compliant
     * past its grace, or a high threat) loses its sessions now, not at their next refresh.
     */
    @POST
    @Path("{id}/posture")
    @Produces(MediaType.APPLICATION_JSON)
    public Response posture(@PathParam("id") String id, InputStream body) {
        ReporterAccess access = reporterAccess(id);
        if (access.refusal() != null) {
            return access.refusal();
        }
        Instant now = clock.instant();
        Posture posture;
        try {
            posture = PostureReport.parse(JsonBody.object(session, body, PostureReport.MAX_BYTES), now);
        } catch (ProblemException unreadable) {
            return unreadable.problem().response();
        } catch (PostureException invalid) {
            return Problem.badRequest(DeviceViews.INVALID_POSTURE, invalid.getMessage()).response();
        }
        if (!posture.deviceId().map(id::equals).orElse(false)) {
            return Problem.badRequest(DeviceViews.INVALID_POSTURE, "device_id must be the device of the path, "
                    + Problem.quoted(id) + ".").response();
        }
        DeviceEntity d = access.device();
        d.setEnrolledBy(reporterId());
        store.recordPosture(d, posture, now);
        ComplianceVerdict verdict = Compliance.evaluate(RegistryPostureProviderFactory.posture(d).orElse(posture),
                ComplianceBaseline.parse(realm.getAttributes()), now, DeviceStore.nonCompliantSince(d));
        DeviceStore.nonCompliantSince(d, verdict.nonCompliantSince());
        boolean highThreat = posture.threat().map(t -> t == DeviceThreat.HIGH).orElse(false);
        int revoked = 0;
        if (!verdict.allowsAccess() || highThreat) {
            revoked = SignalEngine.handle(session, realm, new Signal(Trigger.DEVICE_NON_COMPLIANT,
                    Subject.device(d.getOwnerId(), d.getDeviceId()), Signal.ZERO_TRUST), Map.of()).sessionsEnded();
            if (revoked > 0) {
                LOG.infof("Realm %s: device %s became %s; %d session(s) ended", realm.getName(),
                        DeviceViews.abbreviated(d.getDeviceId()), highThreat ? "high-threat" : "non-compliant", revoked);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", verdict.status().name().toLowerCase(java.util.Locale.ROOT));
        answer.put("failures", verdict.failures().stream().map(Object::toString).toList());
        answer.put("sessionsRevoked", revoked);
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.USER)
                .resourcePath("zero-trust", "devices", d.getDeviceId(), "posture").representation(answer).success();
        return Response.ok(answer).build();
    }

    /** The device's own public key (a JWK, RSA or EC P-256, public part only), for posture tokens it signs itself. */
    @PUT
    @Path("{id}/key")
    @Produces(MediaType.APPLICATION_JSON)
    public Response key(@PathParam("id") String id, InputStream body) {
        ReporterAccess access = reporterAccess(id);
        if (access.refusal() != null) {
            return access.refusal();
        }
        DeviceEntity device = access.device();
        if (device.getPublicKey() != null) {
            // Whoever could replace the key could then prove to be the device: only an admin clears it first.
            return Problem.conflict(DeviceViews.KEY_ALREADY_ENROLLED, "The device already has a key. An administrator"
                    + " removes it first (DELETE .../devices/" + Problem.quoted(id) + "/key).").response();
        }
        String jwk;
        try {
            jwk = JsonBody.object(session, body, MAX_KEY_BYTES).toString();
            DeviceKeys.parsePublic(jwk);
        } catch (ProblemException unreadable) {
            return unreadable.problem().response();
        } catch (IllegalArgumentException invalid) {
            return Problem.badRequest(DeviceViews.INVALID_KEY, "Not a public RSA or EC P-256 JWK: " + invalid.getMessage())
                    .response();
        }
        device.setPublicKey(jwk);
        device.setEnrolledBy(reporterId());
        adminEvent.operation(OperationType.UPDATE).resource(ResourceType.USER)
                .resourcePath("zero-trust", "devices", device.getDeviceId(), "key").success();
        return Response.ok(DeviceViews.of(session, realm, device, true)).build();
    }

    /**
     * An admin (manage-users) removes a device's key, so that its agent can enrol a new one (a new laptop
     * image, a lost key). The device's reporter is forgotten with it.
     */
    @DELETE
    @Path("{id}/key")
    @Produces(MediaType.APPLICATION_JSON)
    public Response removeKey(@PathParam("id") String id) {
        auth.users().requireManage();
        Optional<DeviceEntity> device = store.find(realm.getId(), id);
        if (device.isEmpty()) {
            return DeviceViews.notFound(id);
        }
        device.get().setPublicKey(null);
        device.get().setEnrolledBy(null);
        int revoked = SignalEngine.handle(session, realm, new Signal(Trigger.DEVICE_REMOVED,
                Subject.device(device.get().getOwnerId(), device.get().getDeviceId()), Signal.ADMIN), Map.of()).sessionsEnded();
        Map<String, Object> view = DeviceViews.of(session, realm, device.get(), true);
        view.put("sessionsRevoked", revoked);
        adminEvent.operation(OperationType.DELETE).resource(ResourceType.USER)
                .resourcePath("zero-trust", "devices", device.get().getDeviceId(), "key").representation(view).success();
        return Response.ok(view).build();
    }

    /** The device a reporter asks about, or the refusal to answer with. */
    private record ReporterAccess(DeviceEntity device, Response refusal) {
    }

    private ReporterAccess reporterAccess(String id) {
        Optional<Problem> notReporter = requireReporter();
        if (notReporter.isPresent()) {
            return new ReporterAccess(null, notReporter.get().response());
        }
        Optional<DeviceEntity> device = store.find(realm.getId(), id);
        if (device.isEmpty()) {
            return new ReporterAccess(null, DeviceViews.notFound(id));
        }
        return requireReporterOf(device.get()).map(p -> new ReporterAccess(null, p.response()))
                .orElseGet(() -> new ReporterAccess(device.get(), null));
    }

    /**
     * A reporter speaks only for devices it enrolled (the first reporter to report a device or enrol its key
     * claims it), and never for a retired one: a stolen reporter credential cannot vouch for the rest of the
     * fleet, or bring back what an admin retired.
     */
    private Optional<Problem> requireReporterOf(DeviceEntity device) {
        if (DeviceState.of(device.getState()) == DeviceState.RETIRED) {
            return Optional.of(Problem.conflict(DeviceViews.DEVICE_RETIRED, "The device " + Problem.quoted(device.getDeviceId())
                    + " is retired; only an administrator can approve it again."));
        }
        if (device.getEnrolledBy() != null && !device.getEnrolledBy().equals(reporterId())) {
            return Optional.of(Problem.forbidden(DeviceViews.NOT_THE_DEVICES_REPORTER, "The device "
                    + Problem.quoted(device.getDeviceId()) + " was enrolled by another reporter."));
        }
        return Optional.empty();
    }

    private String reporterId() {
        return auth.adminAuth().getUser().getId();
    }

    private Optional<Problem> requireReporter() {
        UserModel caller = auth.adminAuth().getUser();
        RoleModel reporter = realm.getRole(REPORTER_ROLE);
        if (caller == null || reporter == null || !caller.hasRole(reporter)
                || !auth.adminAuth().getRealm().getId().equals(realm.getId())) {
            return Optional.of(Problem.forbidden(DeviceViews.REPORTER_ROLE_REQUIRED,
                    "Posture reports and device keys need the realm role " + REPORTER_ROLE + "."));
        }
        return Optional.empty();
    }

}
