package io.github.zerotrust.keycloak.authn.ssf;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.authn.device.DeviceKeys;
import io.github.zerotrust.keycloak.authn.rest.JsonBody;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.github.zerotrust.keycloak.ssf.PollDelivery;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import jakarta.ws.rs.DELETE;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/zero-trust/ssf/transmitters}: the realm's trusted Shared Signals transmitters. Reading
 * needs view-realm, changing manage-realm. Creating one answers its push secret and push endpoint, once; a PUT with
 * {@code ?rotateSecret=true} answers a new one (the old stops working). No answer and no admin event carries the
 * secret after that, nor its hash.
 */
public final class SsfTransmittersResource {

    static final String INVALID_TRANSMITTER = "invalid-transmitter";
    static final String NO_SUCH_TRANSMITTER = "no-such-transmitter";
    static final String NOT_POLLED = "not-a-poll-transmitter";
    static final String POLL_UNDER_WAY = "poll-under-way";
    static final int MAX_BODY_BYTES = 96 * 1024;
    static final String PUSH_SECRET = "pushSecret";
    static final String PUSH_ENDPOINT = "pushEndpoint";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public SsfTransmittersResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    /**
     * Trusting (or distrusting) a transmitter is a realm setting (manage-realm), and what a trusted transmitter can do
     * is what managing users does: disable accounts, remove passwords, end sessions. So both rights, or a manage-realm
     * admin would reach through a transmitter of his own what Keycloak does not let him do directly.
     */
    private void requireTrustRights() {
        auth.realm().requireManageRealm();
        auth.users().requireManage();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        auth.realm().requireViewRealm();
        return Transmitters.all(realm).values().stream().map(this::view).toList();
    }

    @GET
    @Path("{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("alias") String alias) {
        auth.realm().requireViewRealm();
        return Transmitters.find(realm, alias).map(t -> Response.ok(view(t)).build()).orElseGet(() -> noSuch(alias));
    }

    @PUT
    @Path("{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("alias") String alias, @QueryParam("rotateSecret") boolean rotate, InputStream body) {
        requireTrustRights();
        Optional<TransmitterSettings> existing = Transmitters.find(realm, alias);
        ObjectNode input;
        try {
            input = JsonBody.object(session, body, MAX_BODY_BYTES);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        boolean polled = TransmitterSettings.POLL.equals(input.path(TransmitterSettings.DELIVERY).asText(null));
        if (polled && rotate) {
            return Problem.badRequest(INVALID_TRANSMITTER, "A poll transmitter has no push secret to rotate.").response();
        }
        if (polled) {
            keepStoredSecret(existing, input);
        }
        boolean hadPushSecret = existing.isPresent() && existing.get().secretSha256() != null;
        String secret = !polled && (!hadPushSecret || rotate) ? PushSecret.generate() : null;
        TransmitterSettings transmitter;
        try {
            transmitter = settings(alias, input, secret != null ? PushSecret.sha256(secret)
                    : hadPushSecret ? existing.get().secretSha256() : null);
        } catch (ProblemException e) {
            return e.problem().response();
        }
        save(session, realm, transmitter);
        Map<String, Object> saved = view(transmitter);
        adminEvent.operation(existing.isPresent() ? OperationType.UPDATE : OperationType.CREATE)
                .resource(ResourceType.REALM)
                .resourcePath("zero-trust", "ssf", "transmitters", alias)
                .representation(saved)
                .success();
        Map<String, Object> answer = new LinkedHashMap<>(saved);
        if (secret != null) {
            answer.put(PUSH_SECRET, secret);
        }
        return (existing.isPresent() ? Response.ok(answer) : Response.status(Response.Status.CREATED).entity(answer))
                .header("Cache-Control", "no-store").build();
    }

    @DELETE
    @Path("{alias}")
    public Response delete(@PathParam("alias") String alias) {
        requireTrustRights();
        if (Transmitters.find(realm, alias).isEmpty() && (!TransmitterSettings.isAlias(alias)
                || realm.getAttribute(Transmitters.PREFIX + alias) == null)) {
            return noSuch(alias);
        }
        remove(session, realm, alias);
        adminEvent.operation(OperationType.DELETE).resource(ResourceType.REALM)
                .resourcePath("zero-trust", "ssf", "transmitters", alias).success();
        return Response.noContent().build();
    }

    /**
     * {@code GET .../{alias}/status}: how polling a poll transmitter goes (last attempt and success, failures in a row,
     * next attempt, last error). View-realm, as reading the transmitter is; 409 for a push transmitter.
     */
    @GET
    @Path("{alias}/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status(@PathParam("alias") String alias) {
        auth.realm().requireViewRealm();
        Optional<TransmitterSettings> transmitter = Transmitters.find(realm, alias);
        if (transmitter.isEmpty()) {
            return noSuch(alias);
        }
        if (!transmitter.get().isPolled()) {
            return notPolled(alias);
        }
        return Response.ok(status(transmitter.get())).header("Cache-Control", "no-store").build();
    }

    /**
     * {@code POST .../{alias}/poll}: polls now, whatever the back-off says, under the same cluster claim as the
     * scheduled turns (waiting for a turn under way elsewhere to end), and answers the status. The same rights as
     * changing a transmitter: a poll acts on what the transmitter sends.
     */
    @POST
    @Path("{alias}/poll")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pollNow(@PathParam("alias") String alias) {
        requireTrustRights();
        Optional<TransmitterSettings> transmitter = Transmitters.find(realm, alias);
        if (transmitter.isEmpty()) {
            return noSuch(alias);
        }
        if (!transmitter.get().isPolled()) {
            return notPolled(alias);
        }
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(TransmitterPoller.CLAIM_SECONDS);
        while (!TransmitterPoller.pollClaimed(session.getKeycloakSessionFactory(), KeycloakClock.get(), realm.getId(), alias, true)) {
            if (System.nanoTime() > giveUp) {
                return Problem.conflict(POLL_UNDER_WAY, "A poll of " + Problem.quoted(alias) + " is under way on another node.")
                        .response();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Problem.conflict(POLL_UNDER_WAY, "Interrupted while a poll was under way.").response();
            }
        }
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.REALM)
                .resourcePath("zero-trust", "ssf", "transmitters", alias, "poll").success();
        return Response.ok(status(transmitter.get())).header("Cache-Control", "no-store").build();
    }

    private Map<String, Object> status(TransmitterSettings transmitter) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("alias", transmitter.alias());
        status.put(TransmitterSettings.DELIVERY, TransmitterSettings.POLL);
        status.putAll(PollState.read(session, realm.getId(), transmitter.alias()).toView());
        return status;
    }

    /** Trusts a transmitter (this API and the configuration import): stored with the realm, polled from now. */
    static void save(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter) {
        Transmitters.save(realm, transmitter);
        if (transmitter.isPolled()) {
            // New settings (a fixed URL, another interval) count from now, not from the last back-off.
            PollState.read(session, realm.getId(), transmitter.alias()).dueNow().save(session, realm.getId(), transmitter.alias());
        }
    }

    /** Stops trusting a transmitter (this API and the configuration import). */
    static void remove(KeycloakSession session, RealmModel realm, String alias) {
        Transmitters.remove(realm, alias);
        PollState.forget(session, realm.getId(), alias);
    }

    /** The secret of a poll transmitter is write-only: an update that does not repeat it keeps the stored one. */
    static void keepStoredSecret(Optional<TransmitterSettings> existing, ObjectNode input) {
        if (existing.isEmpty() || !existing.get().isPolled() || input.has(PollDelivery.CLIENT_SECRET)
                || input.has(PollDelivery.BEARER_TOKEN)) {
            return;
        }
        PollDelivery stored = existing.get().poll();
        if (input.has(PollDelivery.TOKEN_URL) && stored.usesClientCredentials()) {
            input.put(PollDelivery.CLIENT_SECRET, stored.clientSecret());
        } else if (!input.has(PollDelivery.TOKEN_URL) && !input.has(PollDelivery.CLIENT_ID) && !stored.usesClientCredentials()) {
            input.put(PollDelivery.BEARER_TOKEN, stored.bearerToken());
        }
    }

    private static Response notPolled(String alias) {
        return Problem.conflict(NOT_POLLED, "Transmitter " + Problem.quoted(alias) + " pushes its SETs; only a poll transmitter is polled.")
                .response();
    }

    static TransmitterSettings settings(String alias, ObjectNode body, String secretSha256) throws ProblemException {
        JsonNode jwks = body.get(TransmitterSettings.JWKS);
        String jwksText = jwks == null || jwks.isNull() ? null : jwks.toString();
        TransmitterSettings transmitter;
        try {
            Map<String, Object> input = JsonFormat.strict().convertValue(body, new TypeReference<Map<String, Object>>() { });
            transmitter = TransmitterSettings.fromInput(alias, input, jwksText, secretSha256);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.badRequest(INVALID_TRANSMITTER, e.getMessage()));
        }
        if (transmitter.staticJwks().isPresent()) {
            try {
                if (DeviceKeys.parseSet(transmitter.staticJwks().get()).isEmpty()) {
                    throw new ProblemException(Problem.badRequest(INVALID_TRANSMITTER, "'jwks' has no usable RSA or EC public key."));
                }
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.badRequest(INVALID_TRANSMITTER, "'jwks' is not a JWKS."));
            }
        }
        return transmitter;
    }

    private Map<String, Object> view(TransmitterSettings transmitter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("alias", transmitter.alias());
        view.putAll(transmitter.toView());
        if (transmitter.staticJwks().isPresent()) {
            try {
                view.put(TransmitterSettings.JWKS, JsonFormat.lenient().readTree(transmitter.staticJwks().get()));
            } catch (Exception unreadable) {
                view.remove(TransmitterSettings.JWKS);
            }
        }
        if (transmitter.isPolled()) {
            return view;
        }
        view.put(PUSH_ENDPOINT, session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("zero-trust").path("ssf").path("push").path(transmitter.alias()).build().toString());
        return view;
    }

    private static Response noSuch(String alias) {
        return Problem.notFound(NO_SUCH_TRANSMITTER, "No Shared Signals transmitter " + Problem.quoted(alias) + ".").response();
    }
}
