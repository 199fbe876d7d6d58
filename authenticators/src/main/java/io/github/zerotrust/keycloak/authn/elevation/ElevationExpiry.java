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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Ends elevations on time and lapses unanswered requests, on every node at once, each elevation once.
 *
 * <p>Every node runs a timer every {@value #INTERVAL_SECONDS} second, started only once Keycloak has finished its own
 * start-up ({@code PostMigrationEvent}: before it, the schema and the cluster transport may not be there, and a turn
 * would start Infinispan from the timer thread). At each turn the node takes what is due from the database in chunks,
 * each chunk's rows locked by its transaction and rows another node holds passed over ({@link ElevationStore#takeDue}):
 * the nodes work in parallel on disjoint elevations, so the cluster ends as many more per second as it has nodes, and a
 * node that dies mid-chunk leaves its rows to the others as soon as the database drops its connection. Each elevation
 * also ends in a transaction that writes it with its version, so nothing is ended twice even without the lock. A row
 * whose stored record cannot be read is ended from its columns, and a chunk that fails is ended one by one, so one
 * broken row cannot hold up the rest.
 *
 * <p>The housekeeping that needs no second precision (unanswered requests lapsing, ending-soon notices) runs every
 * {@value #HOUSEKEEPING_EVERY_TURNS}th turn on one node, by Keycloak's {@link ClusterProvider#executeIfNotExecuted}
 * claim; a claim left by a node that died only delays it by {@link #CLAIM_SECONDS}.
 *
 * <p>An elevation still active more than {@link #LATE} after its end (the database refuses its end, say) raises an
 * alert once on the node that sees it: an error in the log and a {@code zt_action=overdue} event; every node keeps
 * the gauge {@code zt_elevations_overdue} (Keycloak's metrics endpoint) at the number it last counted.
 */
final class ElevationExpiry implements Runnable {

    static final int INTERVAL_SECONDS = 1;
    static final String TASK = "zt-elevation-expiry";
    private static final int BATCH = 500;
    /** Elevations ended in one transaction; its rows stay locked until it commits. */
    private static final int CHUNK = 100;
    /** How long one turn works before it leaves the rest to the next one (the timer thread is Keycloak's, shared). */
    private static final Duration TURN_BUDGET = Duration.ofSeconds(10);
    /** How long the housekeeping claim lasts if nobody releases it. */
    static final int CLAIM_SECONDS = 30;
    /** An elevation ended later than this after its end is reported in the log (a sign of a stalled cluster). */
    private static final Duration LATE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(ElevationExpiry.class);
    /** The longest notice window a realm can choose ({@code zt.elevation.ending-soon-minutes} up to 240). */
    private static final Duration MAX_ENDING_SOON = Duration.ofMinutes(240);
    /** Lapses and ending-soon notices need no second precision: looked for every 15th turn. */
    static final int HOUSEKEEPING_EVERY_TURNS = 15;

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
        NodeTimer.scheduleAfterStart(factory, TASK, INTERVAL_SECONDS, expiry, () -> expiry.stopped, "Elevation expiry (every node, disjoint rows)");
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
            int ended = turn();
            LOG.tracef("Elevation expiry turn done on this node (%d ended)", ended);
            if (turns++ % HOUSEKEEPING_EVERY_TURNS == 0) {
                housekeeping();
            }
            watchOverdue();
        } catch (Throwable e) {
            // Keycloak's timer is one thread for all its tasks: anything thrown out of here would end them all.
            LOG.errorf(e, "The elevation expiry turn failed; the next turn picks the work up");
        }
    }

    /** Lapses and notices, on the one node that claims them for this turn. */
    private void housekeeping() {
        boolean executed = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session
                .getProvider(ClusterProvider.class).executeIfNotExecuted(TASK, CLAIM_SECONDS, () -> {
                    lapseRequests();
                    notifyEndingSoon();
                    return null;
                }).isExecuted());
        LOG.tracef(executed ? "Elevation housekeeping done on this node" : "Elevation housekeeping claimed by another node");
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

    /**
     * Ends what is due now, chunk by chunk, each chunk taken and ended in one transaction, within a budget so turns
     * never pile up; how many this node ended.
     */
    int turn() {
        Instant started = clock.instant();
        int ended = 0;
        boolean warned = false;
        // Elevations that failed to end alone in this turn: passed over until the next turn, so they cannot loop it.
        Set<String> failing = new HashSet<>();
        while (!stopped && Duration.between(started, clock.instant()).compareTo(TURN_BUDGET) < 0) {
            Instant now = clock.instant();
            List<ElevationStore.Due> taken;
            try {
                taken = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                    ElevationStore store = new ElevationStore(session);
                    store.flushAtCommitOnly();
                    List<ElevationStore.Due> due = store.takeDue(now, CHUNK, failing);
                    end(session, due, store.heldElsewhere(due));
                    return due;
                });
            } catch (RuntimeException e) {
                // The failed chunk rolled back and let its rows go: take them again, one per transaction.
                LOG.debugf(e, "A chunk of elevations failed to end; ending them one by one");
                taken = endOneByOne(now, failing);
            }
            if (!warned && !taken.isEmpty() && taken.get(0).end().isBefore(now.minus(LATE))) {
                warned = true;
                LOG.warnf("Elevation expiry is late: elevations due since %s (%d s ago)", taken.get(0).end(),
                        Duration.between(taken.get(0).end(), now).toSeconds());
            }
            ended += taken.size();
            if (taken.size() < CHUNK) {
                break;
            }
        }
        if (ended > 0) {
            LOG.debugf("Ended %d elevations in %d ms", ended, Duration.between(started, clock.instant()).toMillis());
        }
        return ended - failing.size();
    }

    /**
     * After a chunk failed: a chunk's worth of due elevations, each taken and ended in its own transaction, so a broken
     * one fails alone (logged, added to {@code failing}, retried at the next turn) and the others end; what was tried.
     */
    private List<ElevationStore.Due> endOneByOne(Instant now, Set<String> failing) {
        List<ElevationStore.Due> due = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> new ElevationStore(session).due(now, CHUNK, failing));
        for (ElevationStore.Due one : due) {
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    ElevationStore store = new ElevationStore(session);
                    if (store.takeDue(one.id(), now)) {
                        end(session, List.of(one), store.heldElsewhere(List.of(one)));
                    }
                });
            } catch (RuntimeException e) {
                failing.add(one.id());
                LOG.errorf(e, "Could not end elevation %s; it is retried at the next turn", one.id());
            }
        }
        return due;
    }

    /**
     * Ends due elevations, realm by realm; {@code heldElsewhere} as {@link ElevationStore#heldElsewhere} answered for
     * them. A realm that is gone takes its rows with it.
     */
    private void end(KeycloakSession session, List<ElevationStore.Due> due, Set<String> heldElsewhere) {
        Map<String, List<ElevationStore.Due>> byRealm = due.stream()
                .collect(Collectors.groupingBy(ElevationStore.Due::realmId, LinkedHashMap::new, Collectors.toList()));
        byRealm.forEach((realmId, rows) -> {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null) {
                new ElevationStore(session).deleteRealm(realmId);
                return;
            }
            session.getContext().setRealm(realm);
            Endings endings = new Elevations(session, realm, clock).endings();
            rows.stream().filter(row -> row.elevation().isEmpty())
                    .forEach(row -> endings.expireUnreadable(row, heldElsewhere.contains(ElevationStore.heldKey(row))));
            endings.expire(rows.stream().filter(row -> row.elevation().isPresent()).toList(), heldElsewhere);
        });
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
