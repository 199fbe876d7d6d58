package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Activation;
import io.github.zerotrust.keycloak.elevation.ActivationPolicy;
import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RecentAuthentication;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What happens to elevations in one realm: activation, approval, early end and expiry. The rules are
 * the core's ({@code policy-spi} {@code elevation}); this applies their outcome through Keycloak's
 * model API, so caches, token mappers and other nodes see the role come and go, and records every step
 * as an event with {@code zt_*} details.
 */
final class Elevations {

    static final String ALREADY_ACTIVE = "already-active";
    static final String ALREADY_HELD = "already-held";
    private static final Logger LOG = Logger.getLogger(Elevations.class);

    /** What a user's call came to: a grant, a pending request, or a refusal with its reason id. */
    record Outcome(Optional<Elevation> elevation, Optional<ElevationRequest> request, Optional<String> refusal) {

        static Outcome refused(String reason) {
            return new Outcome(Optional.empty(), Optional.empty(), Optional.of(reason));
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;
    private final ElevationStore store;
    private final ElevationSettings settings;

    Elevations(KeycloakSession session, RealmModel realm, Clock clock) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
        this.store = new ElevationStore(session);
        this.settings = ElevationSettings.parse(realm.getAttributes());
    }

    ElevationStore store() {
        return store;
    }

    ElevationSettings settings() {
        return settings;
    }

    /** The user with every group they belong to, parents included: eligibilities and approver groups name any. */
    static Actor actor(UserModel user) {
        Set<String> groups = new HashSet<>();
        user.getGroupsStream().forEach(g -> {
            for (GroupModel at = g; at != null; at = at.getParent()) {
                groups.add(at.getId());
            }
        });
        return new Actor(user.getId(), groups);
    }

    List<Eligibility> eligibilitiesOf(UserModel user) {
        Actor actor = actor(user);
        return store.eligibilities(realm.getId()).stream().filter(e -> e.appliesTo(actor)).toList();
    }

    Optional<RoleModel> role(RoleRef ref) {
        if (ref.clientId().isEmpty()) {
            return Optional.ofNullable(realm.getRole(ref.name()));
        }
        ClientModel client = realm.getClientByClientId(ref.clientId().get());
        return client == null ? Optional.empty() : Optional.ofNullable(client.getRole(ref.name()));
    }

    Outcome activate(UserModel user, ActivationRequest ask, Collection<RecentAuthentication> authentications) {
        Instant now = clock.instant();
        Activation activation = new ActivationPolicy(settings).decide(store.eligibilities(realm.getId()), actor(user), ask,
                authentications, now);
        if (activation.isRefused()) {
            return refuse(user, "activate", ask, activation.refusal().orElseThrow().id());
        }
        Optional<RoleModel> role = role(ask.role());
        if (role.isEmpty()) {
            LOG.warnf("Realm %s: an eligibility names role %s, which does not exist", realm.getName(), ask.role());
            return refuse(user, "activate", ask, Refusal.NOT_ELIGIBLE.id());
        }
        Optional<Elevation> active = store.activeElevationsOf(realm.getId(), user.getId()).stream()
                .filter(e -> e.role().equals(ask.role())).findFirst();
        if (active.isPresent()) {
            return refuse(user, "activate", ask, ALREADY_ACTIVE);
        }
        if (user.hasDirectRole(role.get())) {
            return refuse(user, "activate", ask, ALREADY_HELD);
        }
        if (activation.needsApproval()) {
            ElevationRequest request = ElevationRequest.open(RecordId.random(), activation, settings.requestLapse());
            store.insert(realm.getId(), request);
            event(user, "request").detail(EventDetailsElevation.ROLE, ask.role().toString())
                    .detail(EventDetailsElevation.REQUEST, request.id().toString())
                    .detail(EventDetailsElevation.DURATION, Long.toString(ask.duration().toMinutes()))
                    .detail(EventDetailsElevation.APPROVALS_NEEDED, Integer.toString(request.approvalsRequired()))
                    .success();
            ElevationMail.approvalNeeded(session, realm, user, request);
            return new Outcome(Optional.empty(), Optional.of(request), Optional.empty());
        }
        Elevation elevation = Elevation.start(RecordId.random(), activation);
        return grant(user, elevation) ? new Outcome(Optional.of(elevation), Optional.empty(), Optional.empty())
                : refuse(user, "activate", ask, ALREADY_ACTIVE);
    }

    /**
     * Stores the elevation and adds the role mapping in one transaction of their own: the database's unique key
     * on active elevations settles two parallel activations (on any node); the loser changes nothing.
     */
    private boolean grant(UserModel user, Elevation elevation) {
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realmId);
                s.getContext().setRealm(r);
                new ElevationStore(s).insert(realmId, elevation);
                UserModel u = s.users().getUserById(r, user.getId());
                new Elevations(s, r, clock).role(elevation.role()).ifPresent(u::grantRole);
            });
        } catch (RuntimeException e) {
            // The usual cause is the unique key: a parallel activation of the same role won.
            LOG.warnf("Realm %s: activation of %s for user %s not stored: %s", realm.getName(), elevation.role(),
                    user.getId(), rootCause(e));
            return false;
        }
        event(user, "activate").detail(EventDetailsElevation.ROLE, elevation.role().toString())
                .detail(EventDetailsElevation.ELEVATION, elevation.id().toString())
                .detail(EventDetailsElevation.ENDS_AT, elevation.end().toString())
                .detail(EventDetailsElevation.DURATION, Long.toString(
                        java.time.Duration.between(elevation.start(), elevation.end()).toMinutes()))
                .detail(EventDetailsElevation.JUSTIFICATION, elevation.justification())
                .detail(EventDetailsElevation.TICKET, elevation.ticket().orElse(null))
                .detail(EventDetailsElevation.APPROVERS, elevation.approvers().isEmpty() ? null : String.join(",", elevation.approvers()))
                .success();
        ElevationMail.activated(session, realm, user, elevation);
        return true;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * A longer window for an active elevation, under the same rules as an activation (justification, step-up,
     * approval again where the eligibility asks for it); at most the eligibility's maximum from now.
     */
    Outcome extend(UserModel user, RecordId id, java.time.Duration duration, String justification, Optional<String> ticket,
                   Collection<RecentAuthentication> authentications) {
        Instant now = clock.instant();
        Optional<Elevation> found = store.elevation(realm.getId(), id).filter(e -> e.userId().equals(user.getId()) && e.isActive(now));
        if (found.isEmpty()) {
            event(user, "extend").detail(EventDetailsElevation.ELEVATION, id.toString()).error(Refusal.NOT_ACTIVE.id());
            return Outcome.refused(Refusal.NOT_ACTIVE.id());
        }
        Elevation elevation = found.get();
        ActivationRequest forRole = new ActivationRequest(elevation.role(), duration, justification, ticket);
        Activation activation = new ActivationPolicy(settings).decide(store.eligibilities(realm.getId()), actor(user), forRole,
                authentications, now);
        if (activation.isRefused()) {
            return refuse(user, "extend", forRole, activation.refusal().orElseThrow().id());
        }
        try {
            if (activation.needsApproval()) {
                ElevationRequest request = ElevationRequest.openExtension(RecordId.random(), activation, elevation, settings.requestLapse());
                store.insert(realm.getId(), request);
                event(user, "request").detail(EventDetailsElevation.ROLE, forRole.role().toString())
                        .detail(EventDetailsElevation.REQUEST, request.id().toString())
                        .detail(EventDetailsElevation.ELEVATION, elevation.id().toString())
                        .detail(EventDetailsElevation.DURATION, Long.toString(duration.toMinutes())).success();
                ElevationMail.approvalNeeded(session, realm, user, request);
                return new Outcome(Optional.empty(), Optional.of(request), Optional.empty());
            }
            Elevation extended = elevation.extend(activation);
            store.update(realm.getId(), extended);
            extended(user, extended, List.of());
            return new Outcome(Optional.of(extended), Optional.empty(), Optional.empty());
        } catch (ElevationException e) {
            return refuse(user, "extend", forRole, e.reason().id());
        }
    }

    private void extended(UserModel user, Elevation extended, List<String> approvers) {
        event(user, "extend").detail(EventDetailsElevation.ROLE, extended.role().toString())
                .detail(EventDetailsElevation.ELEVATION, extended.id().toString())
                .detail(EventDetailsElevation.ENDS_AT, extended.end().toString())
                .detail(EventDetailsElevation.APPROVERS, approvers.isEmpty() ? null : String.join(",", approvers))
                .success();
        ElevationMail.activated(session, realm, user, extended);
    }

    Outcome approve(UserModel approver, RecordId requestId, String comment) {
        return answer(approver, requestId, comment, true);
    }

    Outcome deny(UserModel approver, RecordId requestId, String comment) {
        return answer(approver, requestId, comment, false);
    }

    private Outcome answer(UserModel approver, RecordId requestId, String comment, boolean approve) {
        String action = approve ? "approve" : "deny";
        Optional<ElevationRequest> found = store.request(realm.getId(), requestId);
        if (found.isEmpty()) {
            return refusedAnswer(approver, action, requestId, Refusal.NOT_PENDING.id());
        }
        ElevationRequest request = found.get();
        Instant now = clock.instant();
        ElevationRequest answered;
        try {
            answered = approve ? request.approve(actor(approver), comment, now) : request.deny(actor(approver), comment, now);
        } catch (ElevationException e) {
            return refusedAnswer(approver, action, requestId, e.reason().id());
        }
        store.update(realm.getId(), answered);
        event(approver, action).detail(EventDetailsElevation.REQUEST, requestId.toString())
                .detail(EventDetailsElevation.ROLE, request.ask().role().toString())
                .detail(EventDetailsElevation.REQUESTER, request.requesterId())
                .detail(EventDetailsElevation.COMMENT, comment == null || comment.isBlank() ? null : comment.strip())
                .success();
        UserModel requester = session.users().getUserById(realm, request.requesterId());
        if (answered.state() == ElevationRequest.State.DENIED) {
            ElevationMail.answered(session, realm, requester, answered, false);
            return new Outcome(Optional.empty(), Optional.of(answered), Optional.empty());
        }
        if (answered.state() != ElevationRequest.State.APPROVED) {
            return new Outcome(Optional.empty(), Optional.of(answered), Optional.empty());
        }
        ElevationMail.answered(session, realm, requester, answered, true);
        Optional<Eligibility> eligibility = store.eligibility(realm.getId(), request.eligibilityId());
        if (requester == null || eligibility.isEmpty()) {
            return new Outcome(Optional.empty(), Optional.of(answered), Optional.of(Refusal.NOT_ELIGIBLE.id()));
        }
        Optional<Elevation> extending = answered.extending().flatMap(id -> store.elevation(realm.getId(), id))
                .filter(e -> e.isActive(now));
        Elevation elevation;
        try {
            if (extending.isPresent()) {
                Elevation extended = extending.get().extend(answered, eligibility.get(), actor(requester), now);
                store.update(realm.getId(), extended);
                extended(requester, extended, answered.approverIds());
                return new Outcome(Optional.of(extended), Optional.of(answered), Optional.empty());
            }
            // A new elevation; also for an approved extension whose elevation ended meanwhile.
            elevation = Elevation.start(RecordId.random(), answered, eligibility.get(), actor(requester), now);
        } catch (ElevationException e) {
            return new Outcome(Optional.empty(), Optional.of(answered), Optional.of(e.reason().id()));
        }
        return grant(requester, elevation) ? new Outcome(Optional.of(elevation), Optional.of(answered), Optional.empty())
                : new Outcome(Optional.empty(), Optional.of(answered), Optional.of(ALREADY_ACTIVE));
    }

    /** Ends an elevation early, by its user. Someone else's (or an unknown id) is "not active" to them. */
    Outcome deactivate(UserModel user, RecordId id) {
        Optional<Elevation> found = store.elevation(realm.getId(), id).filter(e -> e.userId().equals(user.getId()));
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().isActive(now)) {
            event(user, "deactivate").detail(EventDetailsElevation.ELEVATION, id.toString()).error(Refusal.NOT_ACTIVE.id());
            return Outcome.refused(Refusal.NOT_ACTIVE.id());
        }
        Elevation ended = found.get().deactivate(now);
        end(user, ended, "deactivate");
        return new Outcome(Optional.of(ended), Optional.empty(), Optional.empty());
    }

    /** The expiry task's part for one due elevation. */
    void expire(Elevation due) {
        // Another node's overlapping turn may have ended it already.
        Optional<Elevation> current = store.elevation(realm.getId(), due.id());
        if (current.isEmpty() || current.get().status() != Elevation.Status.ACTIVE) {
            return;
        }
        Elevation expired = current.get().expire(clock.instant());
        UserModel user = session.users().getUserById(realm, due.userId());
        end(user, expired, "expire");
    }

    /**
     * Ends an elevation whose stored record cannot be read, from what its columns say: the role goes, the
     * row is no longer active, and the event says why. An expired privileged role must never stay usable
     * because of a broken row.
     */
    void expireUnreadable(ElevationStore.Due due) {
        store.endUnreadable(realm.getId(), due.id());
        UserModel user = session.users().getUserById(realm, due.userId());
        Optional<RoleRef> ref = RoleRef.parse(due.role());
        if (user != null && ref.isPresent()) {
            boolean stillElevated = store.activeElevationsOf(realm.getId(), user.getId()).stream()
                    .anyMatch(e -> e.role().equals(ref.get()));
            if (!stillElevated) {
                role(ref.get()).ifPresent(user::deleteRoleMapping);
            }
        }
        LOG.errorf("Realm %s: elevation %s had an unreadable stored record; ended it from its columns (role %s, user %s)",
                realm.getName(), due.id(), due.role(), due.userId());
        EventBuilder event = user == null ? new EventBuilder(realm, session).event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(EventDetailsElevation.ACTION, "expire").user(due.userId()) : event(user, "expire");
        event.detail(EventDetailsElevation.ROLE, ref.map(RoleRef::toString).orElse("unreadable"))
                .detail(EventDetailsElevation.ELEVATION, due.id())
                .detail(EventDetailsElevation.ENDS_AT, due.end().toString())
                .detail(EventDetailsElevation.PROBLEM, "unreadable-record")
                .success();
    }

    private void end(UserModel user, Elevation ended, String action) {
        store.update(realm.getId(), ended);
        if (user != null) {
            boolean stillElevated = store.activeElevationsOf(realm.getId(), user.getId()).stream()
                    .anyMatch(e -> e.role().equals(ended.role()) && !e.id().equals(ended.id()));
            if (!stillElevated) {
                role(ended.role()).ifPresent(user::deleteRoleMapping);
            }
        }
        EventBuilder event = user == null ? new EventBuilder(realm, session).event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(EventDetailsElevation.ACTION, action).user(ended.userId()) : event(user, action);
        event.detail(EventDetailsElevation.ROLE, ended.role().toString())
                .detail(EventDetailsElevation.ELEVATION, ended.id().toString())
                .detail(EventDetailsElevation.ENDS_AT, ended.end().toString())
                .success();
        if (user != null) {
            ElevationMail.ended(session, realm, user, ended);
        }
    }

    void lapse(ElevationRequest pending) {
        ElevationRequest lapsed = pending.lapse(clock.instant());
        store.update(realm.getId(), lapsed);
        UserModel requester = session.users().getUserById(realm, pending.requesterId());
        new EventBuilder(realm, session).event(EventType.CUSTOM_REQUIRED_ACTION).user(pending.requesterId())
                .detail(EventDetailsElevation.ACTION, "lapse")
                .detail(EventDetailsElevation.REQUEST, pending.id().toString())
                .detail(EventDetailsElevation.ROLE, pending.ask().role().toString()).success();
        if (requester != null) {
            ElevationMail.lapsed(session, realm, requester, lapsed);
        }
    }

    void notifyEndingSoon(Elevation elevation) {
        store.update(realm.getId(), elevation.withEndingSoonNotified());
        UserModel user = session.users().getUserById(realm, elevation.userId());
        if (user != null) {
            ElevationMail.endingSoon(session, realm, user, elevation);
        }
    }

    private Outcome refuse(UserModel user, String action, ActivationRequest ask, String reason) {
        event(user, action).detail(EventDetailsElevation.ROLE, ask.role().toString())
                .detail(EventDetailsElevation.DURATION, Long.toString(ask.duration().toMinutes()))
                .error(reason);
        return Outcome.refused(reason);
    }

    private Outcome refusedAnswer(UserModel approver, String action, RecordId requestId, String reason) {
        event(approver, action).detail(EventDetailsElevation.REQUEST, requestId.toString()).error(reason);
        return Outcome.refused(reason);
    }

    private EventBuilder event(UserModel user, String action) {
        EventBuilder event = session.getContext().getConnection() == null ? new EventBuilder(realm, session)
                : new EventBuilder(realm, session, session.getContext().getConnection());
        return event.event(EventType.CUSTOM_REQUIRED_ACTION).user(user)
                .detail("custom_required_action", ElevateActionFactory.ID)
                .detail(EventDetailsElevation.ACTION, action);
    }
}
