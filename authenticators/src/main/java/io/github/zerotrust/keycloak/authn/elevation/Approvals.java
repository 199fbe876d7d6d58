package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Activation;
import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Decision;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.ElevationSafeguards;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.Refusal;
import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.ApprovalNotice;
import io.github.zerotrust.keycloak.spi.ElevationProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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

    /**
     * Opens the request for an activation (or an extension of {@code extending}) that needs approval. Its approvers
     * are the group's members now, recorded with it; the realm's channels tell at most
     * {@code zt.elevation.max-approvers-mailed} of them.
     */
    ElevationOutcome open(UserModel user, Activation activation, Optional<Elevation> extending) {
        String action = extending.isPresent() ? "extend" : "activate";
        GroupModel group = activation.eligibility().flatMap(e -> e.approverGroup()).map(realm::getGroupById).orElse(null);
        if (group == null) {
            LOG.warnf("Realm %s: the approver group of the eligibility for %s does not exist", realm.getName(),
                    activation.request().role());
            audit.refused(user, action, activation.request(), Refusal.NOT_ENOUGH_APPROVERS.id(), Optional.empty());
            return new ElevationOutcome.Refused(Refusal.NOT_ENOUGH_APPROVERS.id());
        }
        List<UserModel> members = session.users().getGroupMembersStream(realm, group, 0, ElevationRequest.MAX_ELIGIBLE_APPROVERS + 1)
                .filter(member -> !member.getId().equals(user.getId())).limit(ElevationRequest.MAX_ELIGIBLE_APPROVERS).toList();
        Set<String> approvers = members.stream().map(UserModel::getId).collect(Collectors.toCollection(LinkedHashSet::new));
        ElevationRequest request;
        try {
            request = extending.isPresent()
                    ? ElevationRequest.openExtension(RecordId.random(), activation, extending.get(), settings.requestLapse(), approvers)
                    : ElevationRequest.open(RecordId.random(), activation, settings.requestLapse(), approvers);
        } catch (ElevationException e) {
            audit.refused(user, action, activation.request(), e.reason().id(), Optional.empty());
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
        int told = ElevationSafeguards.parse(realm.getAttributes()).maxApproversMailed();
        announce(new ApprovalNotice(realm, user, request, members.stream().limit(told).toList()));
        return new ElevationOutcome.Pending(request);
    }

    /** Tells the approvers on every channel the server uses; a channel's failure never undoes the request. */
    private void announce(ApprovalNotice notice) {
        ElevationRequest request = notice.request();
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

    ElevationOutcome approve(Caller approver, RecordId requestId, String comment) {
        return answer(approver.user(), Optional.of(approver), requestId, comment, true, null);
    }

    ElevationOutcome deny(Caller approver, RecordId requestId, String comment) {
        return answer(approver.user(), Optional.of(approver), requestId, comment, false, null);
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
        // The channel's proof (a signature of the shared secret) stands in for the approver's session.
        return answer(approver, Optional.empty(), decision.request(), decision.comment().orElse(null), decision.approve(),
                channel);
    }

    /**
     * An answer under every rule: who calls (never an impersonated session, a listed app), then the request's own
     * rules (not one's own, an approver then and now, once, not lapsed), then the session (unrestricted, with a fresh
     * factor of the realm's approval strength). Refused at any step, nothing is stored.
     *
     * @param caller empty for a decision a channel proved
     */
    private ElevationOutcome answer(UserModel approver, Optional<Caller> caller, RecordId requestId, String comment,
                                    boolean approve, String channel) {
        String action = approve ? "approve" : "deny";
        Optional<String> impersonator = caller.flatMap(Caller::impersonator);
        Optional<Refusal> who = caller.flatMap(c -> c.proof().mayAnswer());
        if (who.isPresent()) {
            return refused(approver, action, requestId, who.get().id(), channel, impersonator);
        }
        Optional<ElevationRequest> found = store.requestToAnswer(realm.getId(), requestId);
        if (found.isEmpty()) {
            return refused(approver, action, requestId, Refusal.NOT_PENDING.id(), channel, impersonator);
        }
        ElevationRequest request = found.get();
        Instant now = clock.instant();
        ElevationRequest answered;
        try {
            answered = approve ? request.approve(Directory.actor(approver), comment, now)
                    : request.deny(Directory.actor(approver), comment, now);
        } catch (ElevationException e) {
            return refused(approver, action, requestId, e.reason().id(), channel, impersonator);
        }
        ElevationSafeguards safeguards = ElevationSafeguards.parse(realm.getAttributes());
        Optional<Refusal> unfit = caller.flatMap(c -> c.proof().answerStepUp(safeguards.approvalStepUp(),
                safeguards.approvalStepUpMaxAge(), now));
        if (unfit.isPresent()) {
            return refused(approver, action, requestId, unfit.get().id(), channel, impersonator);
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

    private ElevationOutcome refused(UserModel approver, String action, RecordId requestId, String reason, String channel,
                                     Optional<String> impersonator) {
        audit.event(approver, action).detail(EventDetailsElevation.REQUEST, requestId.toString())
                .detail(EventDetailsElevation.CHANNEL, channel)
                .detail(EventDetailsElevation.IMPERSONATOR, impersonator.orElse(null)).error(reason);
        return new ElevationOutcome.Refused(reason);
    }

    /** Requests the approver can answer: pending, theirs to answer (then and now), not the approver's own. */
    List<ElevationRequest> pendingFor(UserModel approver) {
        Actor actor = Directory.actor(approver);
        Instant now = clock.instant();
        return store.pendingRequests(realm.getId()).stream()
                .filter(r -> !r.requesterId().equals(approver.getId()) && actor.groupIds().contains(r.approverGroup())
                        && r.eligibleApprovers().contains(approver.getId()) && !r.isDueToLapse(now))
                .toList();
    }
}
