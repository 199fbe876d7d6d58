package io.github.zerotrust.keycloak.authn.guest;

import io.github.zerotrust.keycloak.authn.model.NodeTimer;
import io.github.zerotrust.keycloak.authn.signin.Guests;
import io.github.zerotrust.keycloak.guest.Guest;
import io.github.zerotrust.keycloak.guest.GuestNotice;
import io.github.zerotrust.keycloak.guest.GuestSettings;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ends guests' access at their end date and tells their sponsors before and after, once per cluster.
 *
 * <p>Every node runs a timer (started once Keycloak has started, as the elevation expiry does); Keycloak's
 * {@link ClusterProvider#executeIfNotExecuted} lets one node do each turn. The claim is an economy: each notice is
 * also claimed in Keycloak's clustered single-use store (a {@code putIfAbsent} per guest, notice and end date) and
 * then remembered on the guest ({@code zt.guest.ending-soon-sent}, {@code zt.guest.ended-sent}), so two nodes or
 * two turns never send it twice, and a restart does not send it again. Each guest is handled in his own transaction:
 * one broken record is logged and never stops the rest. The sign-in step compares the end date itself, so a late
 * turn delays only the session end and the mails, never the refusal.
 */
final class GuestExpiry implements Runnable {

    static final String TASK = "zt-guest-expiry";
    private static final Logger LOG = Logger.getLogger(GuestExpiry.class);
    /** How long the cluster remembers a claimed notice; the guest's attribute remembers it for good. */
    private static final long CLAIM_LIFESPAN_SECONDS = 30L * 24 * 3600;

    private final KeycloakSessionFactory factory;
    private final Clock clock;
    private final int interval;
    private volatile boolean stopped;

    private GuestExpiry(KeycloakSessionFactory factory, Clock clock, int interval) {
        this.factory = factory;
        this.clock = clock;
        this.interval = interval;
    }

    static GuestExpiry start(KeycloakSessionFactory factory, int intervalSeconds) {
        GuestExpiry expiry = new GuestExpiry(factory, KeycloakClock.get(), intervalSeconds);
        NodeTimer.scheduleAfterStart(factory, TASK, intervalSeconds, expiry, () -> expiry.stopped, "Guest expiry (one node per turn)");
        return expiry;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                    .executeIfNotExecuted(TASK, interval + 30, () -> {
                        turn();
                        return null;
                    }));
        } catch (Throwable e) {
            // Keycloak's timer is one thread for all its tasks: anything thrown out of here would end them all.
            LOG.errorf(e, "The guest expiry turn failed; the next turn picks the work up");
        }
    }

    private void turn() {
        List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realms) {
            if (stopped) {
                return;
            }
            List<String> guests;
            try {
                guests = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm == null) {
                        return List.<String>of();
                    }
                    session.getContext().setRealm(realm);
                    return Guests.all(session, realm).stream().map(UserModel::getId).toList();
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not list the guests of realm %s; the next turn tries again", realmId);
                continue;
            }
            for (String userId : guests) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, session -> handle(session, realmId, userId));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Could not handle guest %s of realm %s; the next turn tries again", userId, realmId);
                }
            }
        }
    }

    private void handle(KeycloakSession session, String realmId, String userId) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        UserModel user = session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        Optional<Guest> guest = Guests.of(session, realm, user);
        if (guest.isEmpty() || guest.get().endsAt().isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant end = guest.get().endsAt().get();
        Optional<GuestNotice> due = GuestNotice.due(guest.get(), now, GuestSettings.parse(realm.getAttributes()),
                Guests.instant(epoch(user.getFirstAttribute(Guests.ENDING_SOON_SENT))),
                Guests.instant(epoch(user.getFirstAttribute(Guests.ENDED_SENT))));
        if (due.isEmpty()) {
            return;
        }
        String claim = "zt-guest-notice:" + realmId + ":" + userId + ":" + due.get().id() + ":" + end.getEpochSecond();
        if (!session.singleUseObjects().putIfAbsent(claim, CLAIM_LIFESPAN_SECONDS)) {
            return;
        }
        UserModel sponsor = guest.get().sponsorId().map(id -> session.users().getUserById(realm, id)).orElse(null);
        int ended = 0;
        if (due.get() == GuestNotice.ENDED) {
            ended = endSessions(session, realm, user, now);
            user.setSingleAttribute(Guests.ENDED_SENT, Long.toString(end.getEpochSecond()));
        } else {
            user.setSingleAttribute(Guests.ENDING_SOON_SENT, Long.toString(end.getEpochSecond()));
        }
        boolean mailed = GuestMail.send(session, realm, sponsor, user, due.get(), end);
        GuestAudit.event(session, realm, user, due.get() == GuestNotice.ENDED ? "access-ended" : "ending-soon")
                .detail(GuestAudit.ENDS_AT, end.toString())
                .detail(GuestAudit.SPONSOR, sponsor == null ? "none" : sponsor.getId())
                .detail(GuestAudit.SESSIONS_ENDED, due.get() == GuestNotice.ENDED ? Integer.toString(ended) : null)
                .detail("zt_sponsor_mailed", Boolean.toString(mailed))
                .success();
        LOG.infof("Realm %s: guest %s %s (end %s); sponsor %s", realm.getName(), user.getUsername(),
                due.get() == GuestNotice.ENDED ? "access ended, " + ended + " session(s) ended" : "ends soon", end,
                mailed ? "told" : "not mailed");
    }

    /** Every session of the guest, online and offline, ends, and tokens issued before now are refused. */
    private static int endSessions(KeycloakSession session, RealmModel realm, UserModel user, Instant now) {
        int count = 0;
        for (UserSessionModel online : session.sessions().getUserSessionsStream(realm, user).toList()) {
            session.sessions().removeUserSession(realm, online);
            count++;
        }
        for (UserSessionModel offline : session.sessions().getOfflineUserSessionsStream(realm, user).toList()) {
            session.sessions().removeOfflineUserSession(realm, offline);
            count++;
        }
        session.users().setNotBeforeForUser(realm, user, (int) now.getEpochSecond());
        return count;
    }

    /** An epoch-seconds attribute as an ISO instant, for {@link Guests#instant}; unreadable: none. */
    private static String epoch(String value) {
        try {
            return value == null ? null : Instant.ofEpochSecond(Long.parseLong(value.strip())).toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
