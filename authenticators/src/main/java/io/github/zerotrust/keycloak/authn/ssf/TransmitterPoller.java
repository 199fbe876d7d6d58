package io.github.zerotrust.keycloak.authn.ssf;

import io.github.zerotrust.keycloak.authn.model.NodeTimer;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Polls the realms' poll transmitters (RFC 8936), once per cluster per turn.
 *
 * <p>Every node ticks every {@value #TICK_SECONDS} s (Keycloak's timer; the turns themselves run on a thread of the
 * poller's own, one tick's work at a time), from Keycloak's {@code PostMigrationEvent} on (as the elevation
 * expiry does), and looks for poll transmitters whose next attempt ({@link PollState}, cluster-wide) is due. For each,
 * {@link ClusterProvider#executeIfNotExecuted} keyed by realm and alias lets one node poll; that node re-reads the state
 * under the claim and polls only if it is still due, so a turn another node just finished is not repeated. The claim
 * outlives a turn's longest run, and a claim left by a node that died lapses after {@link #CLAIM_SECONDS}. Should two
 * polls still overlap, nothing is done twice: each SET's {@code jti} is taken once per cluster, and a SET seen before is
 * acknowledged, not acted on.
 */
public final class TransmitterPoller implements Runnable {

    static final int TICK_SECONDS = 1;
    static final String TASK = "zt-ssf-poll";
    /** A turn's budget, plus two calls cut off at their deadline, plus a margin. */
    static final int CLAIM_SECONDS = (int) (PollTurn.BUDGET.toSeconds() + 4 * PollTurn.TIMEOUT.toSeconds() + 5);
    private static final Logger LOG = Logger.getLogger(TransmitterPoller.class);

    private final KeycloakSessionFactory factory;
    private final Clock clock;
    private volatile boolean stopped;
    /**
     * Turns run here, not on Keycloak's timer thread: that one thread runs every scheduled task (the elevation expiry
     * among them), and a transmitter that answers slowly must not hold them up.
     */
    private final ExecutorService turns = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "zero-trust-ssf-poller");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean busy = new AtomicBoolean();

    private TransmitterPoller(KeycloakSessionFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    public static TransmitterPoller start(KeycloakSessionFactory factory) {
        TransmitterPoller poller = new TransmitterPoller(factory, KeycloakClock.get());
        NodeTimer.scheduleAfterStart(factory, TASK, TICK_SECONDS, poller, () -> poller.stopped, "Shared Signals polling (one node per transmitter and turn)");
        return poller;
    }

    public void stop() {
        stopped = true;
        turns.shutdownNow();
    }

    static String claimKey(String realmId, String alias) {
        return TASK + "." + realmId + "." + alias;
    }

    /** The timer's tick: hands the work to the poller's own thread, unless the last tick's work is still going on. */
    @Override
    public void run() {
        if (stopped || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            turns.execute(() -> {
                try {
                    pollDue();
                } finally {
                    busy.set(false);
                }
            });
        } catch (RuntimeException rejected) {
            busy.set(false);
        }
    }

    private void pollDue() {
        List<String[]> due;
        try {
            due = KeycloakModelUtils.runJobInTransactionWithResult(factory, this::due);
        } catch (Throwable e) {
            // Logged and left to the next tick: the poller's thread must keep running.
            LOG.errorf(e, "Could not list the Shared Signals transmitters due for a poll; the next tick tries again");
            return;
        }
        for (String[] transmitter : due) {
            if (stopped) {
                return;
            }
            try {
                pollClaimed(factory, clock, transmitter[0], transmitter[1], false);
            } catch (Throwable e) {
                // One transmitter's trouble never stops the others.
                LOG.errorf(e, "The poll of Shared Signals transmitter %s failed; the next turn tries again", transmitter[1]);
            }
        }
    }

    /**
     * Polls one transmitter under its cluster claim.
     *
     * @return whether this node held the claim (false: another node is polling it right now)
     */
    static boolean pollClaimed(KeycloakSessionFactory factory, Clock clock, String realmId, String alias, boolean force) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(claimKey(realmId, alias), CLAIM_SECONDS,
                        () -> new PollTurn(factory, clock, realmId, alias).run(force)).isExecuted());
    }

    private List<String[]> due(KeycloakSession session) {
        Instant now = clock.instant();
        List<String[]> due = new ArrayList<>();
        session.realms().getRealmsStream().forEach(realm -> {
            for (TransmitterSettings transmitter : Transmitters.all(realm, true).values()) {
                if (transmitter.isPolled() && PollState.read(session, realm.getId(), transmitter.alias()).isDue(now)) {
                    due.add(new String[] {realm.getId(), transmitter.alias()});
                }
            }
        });
        return due;
    }

}
