package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.EligibilityChange;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * How elevations and requests end: early by their user, on time by the expiry task (a row whose record cannot be
 * read is ended from its columns), unanswered requests lapsing, and the notice that an elevation ends soon. Each end
 * takes the role away unless another active elevation still holds it, records an event and tells the user.
 */
final class Endings {

    private static final Logger LOG = Logger.getLogger(Endings.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;
    private final ElevationStore store;
    private final Directory directory;
    private final ElevationAudit audit;
    private final Grants grants;

    Endings(KeycloakSession session, RealmModel realm, Clock clock, ElevationStore store, Directory directory,
            ElevationAudit audit, Grants grants) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.grants = grants;
    }

    /** Ends an elevation early, by its user. Someone else's (or an unknown id) is "not active" to them. */
    ElevationOutcome deactivate(UserModel user, RecordId id) {
        Optional<Elevation> found = store.elevation(realm.getId(), id).filter(e -> e.userId().equals(user.getId()));
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().isActive(now)) {
            audit.refused(user, "deactivate", EventDetailsElevation.ELEVATION, id, Refusal.NOT_ACTIVE.id());
            return new ElevationOutcome.Refused(Refusal.NOT_ACTIVE.id());
        }
        Elevation ended = found.get().deactivate(now);
        end(user, ended, "deactivate");
        return new ElevationOutcome.Ended(ended);
    }

    /** Ends an elevation now, by an admin (whose rights the resource checked). */
    ElevationOutcome endByAdmin(RecordId id, String adminId) {
        Optional<Elevation> found = store.elevation(realm.getId(), id);
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().isActive(now)) {
            return new ElevationOutcome.Refused(Refusal.NOT_ACTIVE.id());
        }
        Elevation ended = found.get().deactivate(now);
        endEarly(ended, "ended-by-admin", adminId);
        return new ElevationOutcome.Ended(ended);
    }

    /**
     * What an eligibility's change (or deletion, {@code after} empty) does to the elevations started under it: each
     * ends, is cut to the eligibility's new end, or goes on ({@link EligibilityChange}).
     */
    void eligibilityChanged(RecordId eligibilityId, Optional<Eligibility> after, String adminId) {
        Instant now = clock.instant();
        for (Elevation elevation : store.activeElevationsOfEligibility(realm.getId(), eligibilityId)) {
            UserModel user = directory.user(elevation.userId()).orElse(null);
            Actor actor = user == null ? new Actor(elevation.userId(), java.util.Set.of()) : Directory.actor(user);
            EligibilityChange change = EligibilityChange.of(elevation, after, actor, now);
            switch (change.effect()) {
                case END -> endEarly(elevation.deactivate(now), change.reason().id(), adminId);
                case CUT -> {
                    Elevation cut = elevation.cutTo(change.newEnd().orElseThrow(), now);
                    if (cut.status() != Elevation.Status.ACTIVE) {
                        endEarly(cut, change.reason().id(), adminId);
                    } else {
                        store.update(realm.getId(), cut);
                        audit.ended(cut.userId(), user, "cut", cut).detail(EventDetailsElevation.END_REASON, change.reason().id())
                                .detail(EventDetailsElevation.ENDED_BY, adminId).success();
                    }
                }
                case KEEP -> {
                }
            }
        }
    }

    private void endEarly(Elevation ended, String reason, String adminId) {
        UserModel user = directory.user(ended.userId()).orElse(null);
        store.update(realm.getId(), ended);
        if (user != null) {
            grants.revokeUnlessStillHeld(user, ended);
        }
        audit.ended(ended.userId(), user, "end", ended).detail(EventDetailsElevation.END_REASON, reason)
                .detail(EventDetailsElevation.ENDED_BY, adminId).success();
        if (user != null) {
            ElevationMail.ended(session, realm, user, ended);
        }
    }

    /**
     * The expiry task's part for due elevations of this realm with a readable record, whose rows its transaction
     * holds. {@code heldElsewhere}: the {@link ElevationStore#heldKey}s of roles another active elevation of the same
     * user holds too (the task asks once per chunk), which stay. Every role is taken away before any row or event is
     * written: Keycloak's removal of a role mapping flushes the session, and each flush visits every entity the
     * session holds. Each user is looked up once per chunk.
     */
    void expire(List<ElevationStore.Due> due, Set<String> heldElsewhere) {
        Map<String, Optional<UserModel>> users = new HashMap<>();
        List<Elevation> expired = new ArrayList<>();
        for (ElevationStore.Due one : due) {
            // A turn that overlapped without the row lock (a database without SKIP LOCKED) may have ended it already.
            Optional<Elevation> current = store.elevation(realm.getId(), one.elevation().orElseThrow().id());
            if (current.isEmpty() || current.get().status() != Elevation.Status.ACTIVE) {
                continue;
            }
            Elevation ended = current.get().expire(clock.instant());
            UserModel user = users.computeIfAbsent(ended.userId(), directory::user).orElse(null);
            if (user != null && !heldElsewhere.contains(ElevationStore.heldKey(one))) {
                grants.revoke(user, ended.role());
            }
            expired.add(ended);
        }
        for (Elevation ended : expired) {
            // Not flushed here: the chunk's commit writes every row at once, and a version conflict rolls the whole chunk back.
            store.write(realm.getId(), ended);
            told(users.get(ended.userId()).orElse(null), ended, "expire");
        }
    }

    /**
     * Ends an elevation whose stored record cannot be read, from what its columns say: the role goes, the row is no
     * longer active, and the event says why. An expired privileged role must never stay usable because of a broken row.
     */
    void expireUnreadable(ElevationStore.Due due, boolean roleHeldElsewhere) {
        store.endUnreadable(realm.getId(), due.id());
        UserModel user = directory.user(due.userId()).orElse(null);
        Optional<RoleRef> ref = RoleRef.parse(due.role());
        if (user != null && ref.isPresent() && !roleHeldElsewhere) {
            grants.revoke(user, ref.get());
        }
        LOG.errorf("Realm %s: elevation %s had an unreadable stored record; ended it from its columns (role %s, user %s)",
                realm.getName(), due.id(), due.role(), due.userId());
        audit.event(due.userId(), user, "expire")
                .detail(EventDetailsElevation.ROLE, ref.map(RoleRef::toString).orElse("unreadable"))
                .detail(EventDetailsElevation.ELEVATION, due.id())
                .detail(EventDetailsElevation.ENDS_AT, due.end().toString())
                .detail(EventDetailsElevation.PROBLEM, "unreadable-record")
                .success();
    }

    private void end(UserModel user, Elevation ended, String action) {
        store.update(realm.getId(), ended);
        if (user != null) {
            grants.revokeUnlessStillHeld(user, ended);
        }
        told(user, ended, action);
    }

    /** The end's event, and the user's mail. */
    private void told(UserModel user, Elevation ended, String action) {
        audit.ended(ended.userId(), user, action, ended).success();
        if (user != null) {
            ElevationMail.ended(session, realm, user, ended);
        }
    }

    void lapse(ElevationRequest pending) {
        ElevationRequest lapsed = pending.lapse(clock.instant());
        store.update(realm.getId(), lapsed);
        UserModel requester = directory.user(pending.requesterId()).orElse(null);
        audit.event(pending.requesterId(), requester, "lapse")
                .detail(EventDetailsElevation.REQUEST, pending.id().toString())
                .detail(EventDetailsElevation.ROLE, pending.ask().role().toString()).success();
        if (requester != null) {
            ElevationMail.lapsed(session, realm, requester, lapsed);
        }
    }

    void notifyEndingSoon(Elevation elevation) {
        store.update(realm.getId(), elevation.withEndingSoonNotified());
        directory.user(elevation.userId()).ifPresent(user -> ElevationMail.endingSoon(session, realm, user, elevation));
    }
}
