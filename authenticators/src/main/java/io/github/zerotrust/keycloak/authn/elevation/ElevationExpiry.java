package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.authn.model.NodeTimer;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ends elevations on time and lapses unanswered requests, once per cluster.
 *
 * <p>Every node runs a timer every {@value #INTERVAL_SECONDS} seconds, started only once Keycloak has finished
 * its own start-up ({@code PostMigrationEvent}: before it, the schema and the cluster transport may not be there,
 * and a turn would start Infinispan from the timer thread). Keycloak's {@link ClusterProvider#executeIfNotExecuted}
 * lets one node do each turn. That claim is an economy, not the guarantee: it lives only a little longer than a
 * turn may ({@link #CLAIM_SECONDS}), so a claim left behind by a node that died, or by a claim attempt that failed
 * half-way (it may be stored although the call threw), delays expiry by seconds, not by a minute. The guarantee is
 * the database: each elevation ends in a transaction that re-reads it and writes it with its version, so two
 * overlapping turns end it once. The work itself is the due rows by end time, so a restart, or a node that dies
 * mid-turn, only delays it to the next turn; each chunk (then each elevation) ends in its own transaction, and a
 * row whose stored record cannot be read is ended from its columns, so one broken row cannot hold up the rest.
 *
 * <p>An elevation still active more than {@link #LATE} after its end (the database refuses its end, say) raises an
 * alert once on the node that sees it: an error in the log and a {@code zt_action=overdue} event; every node keeps
 * the gauge {@code zt_elevations_overdue} (Keycloak's metrics endpoint) at the number it last counted.
 */
final class ElevationExpiry implements Runnable {

    static final int INTERVAL_SECONDS = 2;
    static final String TASK = "zt-elevation-expiry";
    private static final int BATCH = 500;
    private static final int CHUNK = 50;
    /** How long one turn works before it leaves the rest to the next one (the timer thread is Keycloak's, shared). */
    private static final Duration TURN_BUDGET = Duration.ofSeconds(10);
    /** How long a claim on the turn lasts if nobody releases it: a turn's budget plus a margin for its last chunk. */
    static final int CLAIM_SECONDS = (int) TURN_BUDGET.toSeconds() + 5;
    /** An elevation ended later than this after its end is reported in the log (a sign of a stalled cluster). */
    private static final Duration LATE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ElevationExpiry.class);
    /** The longest notice window a realm can choose ({@code zt.elevation.ending-soon-minutes} up to 240). */
    private static final Duration MAX_ENDING_SOON = Duration.ofMinutes(240);
    /** Ending-soon notices need no second precision: looked for every 15th turn. */
    private static final int NOTICE_EVERY_TURNS = 15;

    /** Longer than a claim can legitimately be held: its lifetime plus two ticks. */
    private static final Duration STALE_CLAIM = Duration.ofSeconds(CLAIM_SECONDS + 2L * INTERVAL_SECONDS);

    /** Overdue elevations reported at most per turn; more are counted, not listed. */
    private static final int MAX_OVERDUE_REPORTED = 100;
    static final String OVERDUE_METRIC = "zt_elevations_overdue";
    private static final AtomicInteger OVERDUE = new AtomicInteger();

    static {
        Gauge.builder(OVERDUE_METRIC, OVERDUE, AtomicInteger::get)
                .description("Active elevations more than 30 s past their end (Keycloak Zero Trust); should be 0")
                .register(Metrics.globalRegistry);
    }

    /** The overdue elevations this node has alerted on and that are still overdue (only the timer thread touches it). */
    private final Set<String> alerted = new HashSet<>();
    private int turns;
    /** When this node's claims started being refused, if they are (only the timer thread touches it). */
    private Instant refusedSince;

    private final KeycloakSessionFactory factory;
    private final Clock clock;
    private volatile boolean stopped;

    private ElevationExpiry(KeycloakSessionFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /** Schedules the turns on this node once Keycloak has started (schema migrated, cluster joined). */
    static ElevationExpiry start(KeycloakSessionFactory factory) {
        ElevationExpiry expiry = new ElevationExpiry(factory, KeycloakClock.get());
        NodeTimer.scheduleAfterStart(factory, TASK, INTERVAL_SECONDS, expiry, () -> expiry.stopped, "Elevation expiry (one node per turn)");
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
            boolean executed = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session
                    .getProvider(ClusterProvider.class).executeIfNotExecuted(TASK, CLAIM_SECONDS, () -> {
                        turn();
                        return null;
                    }).isExecuted());
            LOG.tracef(executed ? "Elevation expiry turn done on this node" : "Elevation expiry turn claimed by another node");
            afterClaim(executed);
            watchOverdue();
        } catch (Throwable e) {
            // Keycloak's timer is one thread for all its tasks: anything thrown out of here would end them all.
            LOG.errorf(e, "The elevation expiry turn failed; the next turn picks the work up");
        }
    }

    /**
     * A claim refused for longer than any turn may last means the claim is stale (left by a node that died, or by a
     * claim attempt that failed half-way) or the turn that holds it is stuck: this node then works anyway. That is
     * safe because the database keeps each end single; it only costs the work the claim would have saved.
     */
    private void afterClaim(boolean executed) {
        Instant now = clock.instant();
        if (executed) {
            refusedSince = null;
            return;
        }
        if (refusedSince == null) {
            refusedSince = now;
        } else if (Duration.between(refusedSince, now).compareTo(STALE_CLAIM) > 0) {
            LOG.warnf("The elevation expiry claim has been held elsewhere for %d s; this node runs a turn itself",
                    Duration.between(refusedSince, now).toSeconds());
            refusedSince = now;
            turn();
        }
    }

    /**
     * Counts the elevations still active more than {@link #LATE} past their end, for the gauge, and alerts once on each
     * that this node has not alerted on yet. Every node counts (the gauge is per node); alerts may come from more than
     * one node, which is the right side to err on.
     */
    private void watchOverdue() {
        Instant now = clock.instant();
        List<ElevationStore.Due> overdue = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> new ElevationStore(session).due(now.minus(LATE), 10 * MAX_OVERDUE_REPORTED));
        OVERDUE.set(overdue.size());
        Set<String> still = new HashSet<>();
        for (ElevationStore.Due due : overdue) {
            still.add(due.id());
            if (!alerted.contains(due.id()) && alerted.size() < 10 * MAX_OVERDUE_REPORTED) {
                alert(due, now);
                alerted.add(due.id());
            }
        }
        alerted.retainAll(still);
    }

    private void alert(ElevationStore.Due due, Instant now) {
        long seconds = Duration.between(due.end(), now).toSeconds();
        LOG.errorf("Elevation %s (realm %s, user %s, role %s) is still active %d s after its end; its tokens have ended, "
                + "its role mapping has not: see why the expiry cannot end it", due.id(), due.realmId(), due.userId(), due.role(), seconds);
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(due.realmId());
                if (realm != null) {
                    session.getContext().setRealm(realm);
                    new ElevationAudit(session, realm).event(due.userId(), session.users().getUserById(realm, due.userId()), "overdue")
                            .detail(EventDetailsElevation.ROLE, due.role())
                            .detail(EventDetailsElevation.ELEVATION, due.id())
                            .detail(EventDetailsElevation.ENDS_AT, due.end().toString())
                            .detail(EventDetailsElevation.OVERDUE_SECONDS, Long.toString(seconds))
                            .error("overdue");
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not record the overdue alert of elevation %s", due.id());
        }
    }

    /** Works through what is due now, batch by batch, within a budget so turns never pile up. */
    void turn() {
        Instant started = clock.instant();
        int ended = 0;
        while (!stopped && Duration.between(started, clock.instant()).compareTo(TURN_BUDGET) < 0) {
            Instant now = clock.instant();
            List<ElevationStore.Due> due = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> new ElevationStore(session).due(now, BATCH));
            if (!due.isEmpty() && due.get(0).end().isBefore(now.minus(LATE))) {
                LOG.warnf("Elevation expiry is late: %d elevation(s) due, the oldest since %s (%d s ago)", due.size(),
                        due.get(0).end(), Duration.between(due.get(0).end(), now).toSeconds());
            }
            for (int from = 0; from < due.size() && !stopped; from += CHUNK) {
                endChunk(due.subList(from, Math.min(due.size(), from + CHUNK)));
            }
            ended += due.size();
            if (due.size() < BATCH) {
                break;
            }
        }
        if (turns++ % NOTICE_EVERY_TURNS == 0) {
            lapseRequests();
            notifyEndingSoon();
        }
        if (ended > 0) {
            LOG.debugf("Ended %d elevations in %d ms", ended, Duration.between(started, clock.instant()).toMillis());
        }
    }

    /** A chunk in one transaction (cheap); if it fails, each of its elevations alone (robust). */
    private void endChunk(List<ElevationStore.Due> chunk) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                for (ElevationStore.Due due : chunk) {
                    end(session, due);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "A chunk of %d elevations failed to end; ending them one by one", chunk.size());
            for (ElevationStore.Due due : chunk) {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, session -> end(session, due));
                } catch (RuntimeException one) {
                    LOG.errorf(one, "Could not end elevation %s; it is retried at the next turn", due.id());
                }
            }
        }
    }

    private void end(KeycloakSession session, ElevationStore.Due due) {
        RealmModel realm = session.realms().getRealm(due.realmId());
        if (realm == null) {
            new ElevationStore(session).deleteRealm(due.realmId());
            return;
        }
        session.getContext().setRealm(realm);
        Endings endings = new Elevations(session, realm, clock).endings();
        if (due.elevation().isPresent()) {
            endings.expire(due.elevation().get());
        } else {
            endings.expireUnreadable(due);
        }
    }

    private void lapseRequests() {
        Instant now = clock.instant();
        List<Object[]> lapsing = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> new ElevationStore(session).lapsing(now, BATCH));
        for (Object[] row : lapsing) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm((String) row[0]);
                    if (realm != null) {
                        session.getContext().setRealm(realm);
                        new Elevations(session, realm, clock).endings().lapse((ElevationRequest) row[1]);
                    }
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not lapse request %s", ((ElevationRequest) row[1]).id());
            }
        }
    }

    /** Tells users whose elevation ends within their realm's notice window; each once. */
    private void notifyEndingSoon() {
        Instant now = clock.instant();
        Instant horizon = now.plus(MAX_ENDING_SOON);
        List<ElevationStore.Due> soon = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> new ElevationStore(session).due(horizon, BATCH));
        for (ElevationStore.Due row : soon) {
            if (row.elevation().isEmpty()) {
                continue;
            }
            Elevation elevation = row.elevation().get();
            if (elevation.endingSoonNotified() || !elevation.isActive(now)) {
                continue;
            }
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(row.realmId());
                    if (realm == null) {
                        return;
                    }
                    Duration window = ElevationSettings.parse(realm.getAttributes()).endingSoon();
                    if (!window.isZero() && !elevation.end().minus(window).isAfter(now)
                            && elevation.start().isBefore(elevation.end().minus(window))) {
                        session.getContext().setRealm(realm);
                        new Elevations(session, realm, clock).endings().notifyEndingSoon(elevation);
                    }
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not send the ending-soon notice of %s", elevation.id());
            }
        }
    }
}
