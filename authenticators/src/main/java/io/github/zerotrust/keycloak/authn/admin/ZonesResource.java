package io.github.zerotrust.keycloak.authn.admin;

import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.location.InvalidZoneException;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.authn.zones.IpRangeZoneFactory;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/zones}: the realm's named network zones. Reading needs
 * view-realm, changing needs manage-realm. Every change is an admin event.
 */
public final class ZonesResource {

    /** Large enough for 2,000 IPv6 ranges with a description; anything bigger is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final String INVALID_ZONE = "invalid-zone";
    static final String NO_SUCH_ZONE = "no-such-zone";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ZonesResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ZoneRepresentation> list() {
        auth.realm().requireViewRealm();
        return zones().map(ZonesResource::toRepresentation).toList();
    }

    @GET
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("name") String name) {
        auth.realm().requireViewRealm();
        return find(name).map(m -> Response.ok(toRepresentation(m)).build())
                .orElseGet(() -> noSuchZone(name));
    }

    /** Creates or replaces the zone {@code name}; the body's own name, if any, must agree. */
    @PUT
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, InputStream body) {
        auth.realm().requireManageRealm();
        ZoneRepresentation rep;
        NetworkZone zone;
        try {
            rep = JsonBody.value(session, body, MAX_BODY_BYTES, ZoneRepresentation.class);
            zone = zone(name, rep);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        Optional<ComponentModel> existing = find(name);
        ComponentModel model;
        try {
            model = save(realm, existing, zone, rep.getDescription());
        } catch (ComponentValidationException e) {
            session.getTransactionManager().setRollbackOnly();
            return invalid(e.getMessage()).problem().response();
        }
        ZoneRepresentation saved = toRepresentation(model);
        adminEvent.operation(existing.isPresent() ? OperationType.UPDATE : OperationType.CREATE)
                .resource(ResourceType.COMPONENT)
                .resourcePath("zero-trust", "zones", zone.name())
                .representation(saved)
                .success();
        return existing.isPresent() ? Response.ok(saved).build() : Response.status(Response.Status.CREATED).entity(saved).build();
    }

    /** Keycloak-free: the zone a bound body describes for the path's {@code name}, or {@code invalid-zone} saying why. */
    static NetworkZone zone(String name, ZoneRepresentation rep) throws ProblemException {
        if (rep.getName() != null && !rep.getName().equals(name)) {
            throw invalid("The zone's name in the body (" + Problem.quoted(rep.getName()) + ") differs from the path ("
                    + Problem.quoted(name) + ").");
        }
        if (rep.getDescription() != null && rep.getDescription().length() > 255) {
            throw invalid("The description is longer than 255 characters.");
        }
        try {
            return NetworkZone.of(name, rep.getRanges() == null ? List.of() : rep.getRanges(), rep.isTrusted());
        } catch (InvalidZoneException e) {
            throw invalid(e.getMessage());
        }
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        auth.realm().requireManageRealm();
        Optional<ComponentModel> existing = find(name);
        if (existing.isEmpty()) {
            return noSuchZone(name);
        }
        realm.removeComponent(existing.get());
        adminEvent.operation(OperationType.DELETE).resource(ResourceType.COMPONENT)
                .resourcePath("zero-trust", "zones", existing.get().getName()).success();
        return Response.noContent().build();
    }

    /** Creates the zone, or replaces {@code existing}: the one way a zone is stored (this API and a configuration import). */
    static ComponentModel save(RealmModel realm, Optional<ComponentModel> existing, NetworkZone zone, String description) {
        ComponentModel model = existing.map(ComponentModel::new).orElseGet(ComponentModel::new);
        model.setName(zone.name());
        model.setParentId(realm.getId());
        model.setProviderId(IpRangeZoneFactory.ID);
        model.setProviderType(IpRangeZoneFactory.PROVIDER_TYPE);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.put(IpRangeZoneFactory.RANGES, zone.ranges());
        config.putSingle(IpRangeZoneFactory.TRUSTED, Boolean.toString(zone.trusted()));
        if (description != null && !description.isBlank()) {
            config.putSingle(IpRangeZoneFactory.DESCRIPTION, description);
        }
        model.setConfig(config);
        if (existing.isPresent()) {
            realm.updateComponent(model);
            return model;
        }
        return realm.addComponentModel(model);
    }

    private static ProblemException invalid(String description) {
        return new ProblemException(Problem.badRequest(INVALID_ZONE, description));
    }

    private static Response noSuchZone(String name) {
        return Problem.notFound(NO_SUCH_ZONE, "No network zone named " + Problem.quoted(name) + ".").response();
    }

    private java.util.stream.Stream<ComponentModel> zones() {
        return zones(realm);
    }

    static java.util.stream.Stream<ComponentModel> zones(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), IpRangeZoneFactory.PROVIDER_TYPE);
    }

    private Optional<ComponentModel> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return zones().filter(m -> m.getName() != null && m.getName().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    static ZoneRepresentation toRepresentation(ComponentModel model) {
        return new ZoneRepresentation(model.getName(),
                Boolean.parseBoolean(model.getConfig().getFirst(IpRangeZoneFactory.TRUSTED)),
                model.getConfig().getFirst(IpRangeZoneFactory.DESCRIPTION),
                List.copyOf(model.getConfig().getOrDefault(IpRangeZoneFactory.RANGES, List.of())));
    }
}
