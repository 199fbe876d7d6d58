package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.TimerProvider;

/**
 * Ends elevations on time and lapses unanswered requests, once per cluster: every node runs a timer
 * every {@value #INTERVAL_SECONDS} seconds, and Keycloak's {@link ClusterProvider#executeIfNotExecuted}
 * lets one node do each turn (the claim lasts as long as a turn may, and is released when it ends). The work itself is in the database (due rows by end time), so a restart,
 * or a node that dies mid-turn, only delays it to the next turn. Each elevation ends in a transaction
 * of its own, so one broken row cannot hold up the rest.
 */
final class ElevationExpiry implements Runnable {

    static final int INTERVAL_SECONDS = 2;
    static final String TASK = "zt-elevation-expiry";
    private static final int BATCH = 500;
    private static final int CHUNK = 50;
    private static final Duration TURN_BUDGET = Duration.ofSeconds(50);
    private static final Logger LOG = Logger.getLogger(ElevationExpiry.class);
    /** The longest notice window a realm can choose ({@code zt.elevation.ending-soon-minutes} up to 240). */
    private static final Duration MAX_ENDING_SOON = Duration.ofMinutes(240);
    /** Ending-soon notices need no second precision: looked for every 15th turn. */
    private static final int NOTICE_EVERY_TURNS = 15;

    private int turns;

    private final KeycloakSessionFactory factory;
    private final Clock clock;
    private volatile boolean stopped;

    private ElevationExpiry(KeycloakSessionFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    static ElevationExpiry start(KeycloakSessionFactory factory) {
        ElevationExpiry expiry = new ElevationExpiry(factory, Clock.systemUTC());
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(TimerProvider.class)
                .schedule(expiry, INTERVAL_SECONDS * 1000L, TASK));
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
                    .executeIfNotExecuted(TASK, (int) TURN_BUDGET.toSeconds() + 10, () -> {
                        turn();
                        return null;
                    }));
        } catch (RuntimeException e) {
            LOG.errorf(e, "The elevation expiry turn failed; the next turn picks the work up");
        }
    }

    /** Works through what is due now, batch by batch, within a budget so turns never pile up. */
    void turn() {
        Instant started = clock.instant();
        int ended = 0;
        while (!stopped && Duration.between(started, clock.instant()).compareTo(TURN_BUDGET) < 0) {
            Instant now = clock.instant();
            List<Object[]> due = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                    session -> new ElevationStore(session).due(now, BATCH));
            for (int from = 0; from < due.size(); from += CHUNK) {
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
    private void endChunk(List<Object[]> chunk) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                for (Object[] row : chunk) {
                    RealmModel realm = session.realms().getRealm((String) row[0]);
                    if (realm == null) {
                        new ElevationStore(session).deleteRealm((String) row[0]);
                        continue;
                    }
                    session.getContext().setRealm(realm);
                    new Elevations(session, realm, clock).expire((Elevation) row[1]);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf(e, "A chunk of %d elevations failed to end; ending them one by one", chunk.size());
            for (Object[] row : chunk) {
                endOne((String) row[0], (Elevation) row[1]);
            }
        }
    }

    private void endOne(String realmId, Elevation due) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    new ElevationStore(session).deleteRealm(realmId);
                    return;
                }
                session.getContext().setRealm(realm);
                new Elevations(session, realm, clock).expire(due);
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not end elevation %s; it is retried at the next turn", due.id());
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
                        new Elevations(session, realm, clock).lapse((ElevationRequest) row[1]);
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
        List<Object[]> soon = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> new ElevationStore(session).due(horizon, BATCH));
        for (Object[] row : soon) {
            Elevation elevation = (Elevation) row[1];
            if (elevation.endingSoonNotified() || !elevation.isActive(now)) {
                continue;
            }
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm((String) row[0]);
                    if (realm == null) {
                        return;
                    }
                    Duration window = ElevationSettings.parse(realm.getAttributes()).endingSoon();
                    if (!window.isZero() && !elevation.end().minus(window).isAfter(now)
                            && elevation.start().isBefore(elevation.end().minus(window))) {
                        session.getContext().setRealm(realm);
                        new Elevations(session, realm, clock).notifyEndingSoon(elevation);
                    }
                });
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not send the ending-soon notice of %s", elevation.id());
            }
        }
    }
}
