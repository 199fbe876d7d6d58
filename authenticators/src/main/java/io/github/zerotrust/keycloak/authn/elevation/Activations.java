package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Activation;
import io.github.zerotrust.keycloak.elevation.ActivationPolicy;
import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.ElevationSafeguards;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.elevation.TicketVerdict;
import io.github.zerotrust.keycloak.spi.ElevationProvider;
import io.github.zerotrust.keycloak.spi.TicketCheckProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/**
 * A user asks for a role, or for more time: the core's {@link ActivationPolicy} decides, the ticket check of the
 * server judges a ticket the activation names, and the answer is a grant, a request for approvers or a refusal.
 */
final class Activations {

    static final String ALREADY_ACTIVE = "already-active";
    static final String ALREADY_HELD = "already-held";
    private static final Logger LOG = Logger.getLogger(Activations.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;
    private final ElevationSettings settings;
    private final ElevationStore store;
    private final Directory directory;
    private final ElevationAudit audit;
    private final Grants grants;
    private final Approvals approvals;

    Activations(KeycloakSession session, RealmModel realm, Clock clock, ElevationSettings settings, ElevationStore store,
                Directory directory, ElevationAudit audit, Grants grants, Approvals approvals) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.grants = grants;
        this.approvals = approvals;
    }

    /** The eligibilities that apply to the user, directly or through a group. */
    List<Eligibility> eligibleFor(UserModel user) {
        Actor actor = Directory.actor(user);
        return store.eligibilities(realm.getId()).stream().filter(e -> e.appliesTo(actor)).toList();
    }

    ElevationOutcome activate(Caller caller, ActivationRequest ask) {
        UserModel user = caller.user();
        Instant now = clock.instant();
        Activation activation = new ActivationPolicy(settings).decide(store.eligibilities(realm.getId()),
                Directory.actor(user), ask, caller.proof(), now);
        if (activation.isRefused()) {
            return refuse(caller, "activate", ask, activation.refusal().orElseThrow().id());
        }
        Optional<RoleModel> role = directory.role(ask.role());
        if (role.isEmpty()) {
            LOG.warnf("Realm %s: an eligibility names role %s, which does not exist", realm.getName(), ask.role());
            return refuse(user, "activate", ask, Refusal.NOT_ELIGIBLE.id());
        }
        if (store.activeElevationsOf(realm.getId(), user.getId()).stream().anyMatch(e -> e.role().equals(ask.role()))) {
            return refuse(user, "activate", ask, ALREADY_ACTIVE);
        }
        if (user.hasDirectRole(role.get())) {
            return refuse(user, "activate", ask, ALREADY_HELD);
        }
        if (!SamlExposure.clientsReceiving(realm, role.get()).isEmpty()) {
            LOG.warnf("Realm %s: %s is in the scope of SAML app(s) %s; not elevated", realm.getName(), ask.role(),
                    SamlExposure.clientsReceiving(realm, role.get()));
            return refuse(user, "activate", ask, Refusal.EXPOSED_TO_SAML.id());
        }
        Optional<String> ticketRefusal = ticketRefusal(activation);
        if (ticketRefusal.isPresent()) {
            return refuse(user, "activate", ask, ticketRefusal.get());
        }
        if (activation.needsApproval()) {
            Optional<String> flood = flood(user, ask);
            if (flood.isPresent()) {
                return refuse(user, "activate", ask, flood.get());
            }
            return approvals.open(user, activation, Optional.empty());
        }
        Elevation elevation = Elevation.start(RecordId.random(), activation);
        return grants.grant(user, elevation) ? new ElevationOutcome.Granted(elevation, Optional.empty())
                : refuse(user, "activate", ask, ALREADY_ACTIVE);
    }

    /**
     * A longer window for an active elevation, under the same rules as an activation (justification, ticket, step-up,
     * approval again where the eligibility asks for it); at most the eligibility's maximum from now.
     */
    ElevationOutcome extend(Caller caller, RecordId id, Duration duration, String justification, Optional<String> ticket) {
        UserModel user = caller.user();
        Instant now = clock.instant();
        Optional<Elevation> found = store.elevation(realm.getId(), id)
                .filter(e -> e.userId().equals(user.getId()) && e.isActive(now));
        if (found.isEmpty()) {
            audit.refused(user, "extend", EventDetailsElevation.ELEVATION, id, Refusal.NOT_ACTIVE.id());
            return new ElevationOutcome.Refused(Refusal.NOT_ACTIVE.id());
        }
        Elevation elevation = found.get();
        ActivationRequest forRole = new ActivationRequest(elevation.role(), duration, justification, ticket);
        Activation activation = new ActivationPolicy(settings).decide(store.eligibilities(realm.getId()),
                Directory.actor(user), forRole, caller.proof(), now);
        if (activation.isRefused()) {
            return refuse(caller, "extend", forRole, activation.refusal().orElseThrow().id());
        }
        Optional<String> ticketRefusal = ticketRefusal(activation);
        if (ticketRefusal.isPresent()) {
            return refuse(user, "extend", forRole, ticketRefusal.get());
        }
        try {
            if (activation.needsApproval()) {
                Optional<String> flood = flood(user, forRole);
                if (flood.isPresent()) {
                    return refuse(user, "extend", forRole, flood.get());
                }
                return approvals.open(user, activation, Optional.of(elevation));
            }
            Elevation extended = elevation.extend(activation);
            store.update(realm.getId(), extended);
            audit.extended(user, extended, List.of());
            ElevationMail.activated(session, realm, user, extended);
            return new ElevationOutcome.Granted(extended, Optional.empty());
        } catch (ElevationException e) {
            return refuse(user, "extend", forRole, e.reason().id());
        }
    }

    /** One waiting request per role, and no more than the realm allows in all: approvers are not to be flooded. */
    private Optional<String> flood(UserModel user, ActivationRequest ask) {
        Instant now = clock.instant();
        List<io.github.zerotrust.keycloak.elevation.ElevationRequest> waiting = store.requestsOf(realm.getId(), user.getId())
                .stream().filter(r -> r.state() == io.github.zerotrust.keycloak.elevation.ElevationRequest.State.PENDING
                        && !r.isDueToLapse(now)).toList();
        Refusal refusal = ElevationSafeguards.parse(realm.getAttributes()).refusalOfAnotherRequest(waiting.size(),
                waiting.stream().anyMatch(r -> r.ask().role().equals(ask.role())));
        return Optional.ofNullable(refusal).map(Refusal::id);
    }

    /** A ticket the activation names, judged by the server's ticket check; a check that is missing refuses. */
    private Optional<String> ticketRefusal(Activation activation) {
        Optional<String> ticket = activation.request().ticket();
        if (ticket.isEmpty()) {
            return Optional.empty();
        }
        String checkId = session.getProvider(ElevationProvider.class).ticketCheck();
        TicketCheckProvider check = session.getProvider(TicketCheckProvider.class, checkId);
        TicketVerdict verdict = check == null ? TicketVerdict.UNAVAILABLE : check.check(realm, ticket.get());
        if (check == null) {
            LOG.errorf("Realm %s: the ticket check %s does not exist; tickets are refused", realm.getName(), checkId);
        }
        return Optional.ofNullable(verdict.refusal()).map(Refusal::id);
    }

    private ElevationOutcome refuse(UserModel user, String action, ActivationRequest ask, String reason) {
        audit.refused(user, action, ask, reason, Optional.empty());
        return new ElevationOutcome.Refused(reason);
    }

    private ElevationOutcome refuse(Caller caller, String action, ActivationRequest ask, String reason) {
        audit.refused(caller.user(), action, ask, reason, caller.impersonator());
        return new ElevationOutcome.Refused(reason);
    }
}
