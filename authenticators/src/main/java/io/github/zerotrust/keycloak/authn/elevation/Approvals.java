package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Activation;
import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Decision;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.ApprovalNotice;
import io.github.zerotrust.keycloak.spi.ElevationProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Requests for approval: opened for an activation or extension that needs it and announced on the server's approval
 * channels; answered by approvers on the approvals page, over REST or through a channel that takes decisions back.
 * The core's {@link ElevationRequest} decides who may answer; the last approval needed starts (or extends) the
 * elevation.
 */
final class Approvals {

    /** Approvers told of one request at most; the rest of a large group still answer on the approvals page. */
    static final int MAX_APPROVERS_TOLD = 50;
    private static final Logger LOG = Logger.getLogger(Approvals.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Clock clock;
    private final ElevationSettings settings;
    private final ElevationStore store;
    private final Directory directory;
    private final ElevationAudit audit;
    private final Grants grants;

    Approvals(KeycloakSession session, RealmModel realm, Clock clock, ElevationSettings settings, ElevationStore store,
              Directory directory, ElevationAudit audit, Grants grants) {
        this.session = session;
        this.realm = realm;
        this.clock = clock;
        this.settings = settings;
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.grants = grants;
    }

    /** Opens the request for an activation (or an extension of {@code extending}) that needs approval. */
    ElevationOutcome open(UserModel user, Activation activation, Optional<Elevation> extending) {
        ElevationRequest request;
        try {
            request = extending.isPresent()
                    ? ElevationRequest.openExtension(RecordId.random(), activation, extending.get(), settings.requestLapse())
                    : ElevationRequest.open(RecordId.random(), activation, settings.requestLapse());
        } catch (ElevationException e) {
            audit.refused(user, extending.isPresent() ? "extend" : "activate", activation.request(), e.reason().id());
            return new ElevationOutcome.Refused(e.reason().id());
        }
        store.insert(realm.getId(), request);
        var event = audit.event(user, "request").detail(EventDetailsElevation.ROLE, request.ask().role().toString())
                .detail(EventDetailsElevation.REQUEST, request.id().toString())
                .detail(EventDetailsElevation.DURATION, Long.toString(request.ask().duration().toMinutes()));
        extending.ifPresent(e -> event.detail(EventDetailsElevation.ELEVATION, e.id().toString()));
        if (extending.isEmpty()) {
            event.detail(EventDetailsElevation.APPROVALS_NEEDED, Integer.toString(request.approvalsRequired()));
        }
        event.success();
        announce(user, request);
        return new ElevationOutcome.Pending(request);
    }

    /** Tells the approvers on every channel the server uses; a channel's failure never undoes the request. */
    private void announce(UserModel requester, ElevationRequest request) {
        GroupModel group = realm.getGroupById(request.approverGroup());
        if (group == null) {
            LOG.warnf("Realm %s: the approver group of request %s does not exist", realm.getName(), request.id());
            return;
        }
        List<UserModel> approvers = session.users().getGroupMembersStream(realm, group, 0, MAX_APPROVERS_TOLD + 1)
                .filter(approver -> !approver.getId().equals(requester.getId())).limit(MAX_APPROVERS_TOLD).toList();
        ApprovalNotice notice = new ApprovalNotice(realm, requester, request, approvers);
        for (String id : session.getProvider(ElevationProvider.class).approvalChannels()) {
            ApprovalChannelProvider channel = session.getProvider(ApprovalChannelProvider.class, id);
            if (channel == null) {
                LOG.errorf("Realm %s: approval channel %s does not exist; request %s not announced there", realm.getName(),
                        id, request.id());
                continue;
            }
            try {
                channel.opened(notice);
            } catch (RuntimeException e) {
                LOG.warnf("Realm %s: approval channel %s could not announce request %s: %s", realm.getName(), id,
                        request.id(), e.getMessage());
            }
        }
    }

    ElevationOutcome approve(UserModel approver, RecordId requestId, String comment) {
        return answer(approver, requestId, comment, true, null);
    }

    ElevationOutcome deny(UserModel approver, RecordId requestId, String comment) {
        return answer(approver, requestId, comment, false, null);
    }

    /** A decision a channel proved: the approver it names answers, under the same rules as on the approvals page. */
    ElevationOutcome decide(Decision decision, String channel) {
        UserModel approver = session.users().getUserByUsername(realm, decision.approver());
        if (approver == null) {
            audit.event(null, null, decision.approve() ? "approve" : "deny")
                    .detail(EventDetailsElevation.REQUEST, decision.request().toString())
                    .detail(EventDetailsElevation.PROBLEM, "unknown-approver")
                    .detail(EventDetailsElevation.CHANNEL, channel).error(Refusal.NOT_AN_APPROVER.id());
            return new ElevationOutcome.Refused(Refusal.NOT_AN_APPROVER.id());
        }
        return answer(approver, decision.request(), decision.comment().orElse(null), decision.approve(), channel);
    }

    private ElevationOutcome answer(UserModel approver, RecordId requestId, String comment, boolean approve, String channel) {
        String action = approve ? "approve" : "deny";
        Optional<ElevationRequest> found = store.request(realm.getId(), requestId);
        if (found.isEmpty()) {
            return refused(approver, action, requestId, Refusal.NOT_PENDING.id(), channel);
        }
        ElevationRequest request = found.get();
        Instant now = clock.instant();
        ElevationRequest answered;
        try {
            answered = approve ? request.approve(Directory.actor(approver), comment, now)
                    : request.deny(Directory.actor(approver), comment, now);
        } catch (ElevationException e) {
            return refused(approver, action, requestId, e.reason().id(), channel);
        }
        store.update(realm.getId(), answered);
        audit.event(approver, action).detail(EventDetailsElevation.REQUEST, requestId.toString())
                .detail(EventDetailsElevation.ROLE, request.ask().role().toString())
                .detail(EventDetailsElevation.REQUESTER, request.requesterId())
                .detail(EventDetailsElevation.COMMENT, comment == null || comment.isBlank() ? null : comment.strip())
                .detail(EventDetailsElevation.CHANNEL, channel)
                .success();
        Optional<UserModel> requester = directory.user(request.requesterId());
        if (answered.state() == ElevationRequest.State.DENIED) {
            requester.ifPresent(r -> ElevationMail.answered(session, realm, r, answered, false));
            return new ElevationOutcome.Denied(answered);
        }
        if (answered.state() != ElevationRequest.State.APPROVED) {
            return new ElevationOutcome.Pending(answered);
        }
        requester.ifPresent(r -> ElevationMail.answered(session, realm, r, answered, true));
        return start(answered, requester, now);
    }

    /** The approved request's elevation: a new one, or a longer one when it extends an elevation still active. */
    private ElevationOutcome start(ElevationRequest approved, Optional<UserModel> requester, Instant now) {
        Optional<Eligibility> eligibility = store.eligibility(realm.getId(), approved.eligibilityId());
        if (requester.isEmpty() || eligibility.isEmpty()) {
            return new ElevationOutcome.ApprovedNotGranted(approved, Refusal.NOT_ELIGIBLE.id());
        }
        UserModel user = requester.get();
        Actor actor = Directory.actor(user);
        Optional<Elevation> extending = approved.extending().flatMap(id -> store.elevation(realm.getId(), id))
                .filter(e -> e.isActive(now));
        try {
            if (extending.isPresent()) {
                Elevation extended = extending.get().extend(approved, eligibility.get(), actor, now);
                store.update(realm.getId(), extended);
                audit.extended(user, extended, approved.approverIds());
                ElevationMail.activated(session, realm, user, extended);
                return new ElevationOutcome.Granted(extended, Optional.of(approved));
            }
            // A new elevation; also for an approved extension whose elevation ended meanwhile.
            Elevation elevation = Elevation.start(RecordId.random(), approved, eligibility.get(), actor, now);
            return grants.grant(user, elevation) ? new ElevationOutcome.Granted(elevation, Optional.of(approved))
                    : new ElevationOutcome.ApprovedNotGranted(approved, Activations.ALREADY_ACTIVE);
        } catch (ElevationException e) {
            return new ElevationOutcome.ApprovedNotGranted(approved, e.reason().id());
        }
    }

    private ElevationOutcome refused(UserModel approver, String action, RecordId requestId, String reason, String channel) {
        audit.event(approver, action).detail(EventDetailsElevation.REQUEST, requestId.toString())
                .detail(EventDetailsElevation.CHANNEL, channel).error(reason);
        return new ElevationOutcome.Refused(reason);
    }

    /** Requests the approver can answer: pending, in one of the approver's groups, not the approver's own. */
    List<ElevationRequest> pendingFor(UserModel approver) {
        Actor actor = Directory.actor(approver);
        Instant now = clock.instant();
        return store.pendingRequests(realm.getId()).stream()
                .filter(r -> !r.requesterId().equals(approver.getId()) && actor.groupIds().contains(r.approverGroup())
                        && !r.isDueToLapse(now))
                .toList();
    }
}
