package io.github.zerotrust.keycloak.authn.model;

import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.timer.TimerProvider;

/**
 * The suite's background work on Keycloak's timer: every node schedules it, and the work itself decides which node
 * does a turn (Keycloak's cluster claim, the database's versions). Scheduling waits for Keycloak's own start-up to end
 * ({@link AfterStart}): before it, the schema and the cluster transport may not be there, and a turn would start
 * Infinispan from the timer thread.
 */
public final class NodeTimer {

    private static final Logger LOG = Logger.getLogger(NodeTimer.class);

    private NodeTimer() {
    }

    /**
     * Runs {@code task} on this node every {@code seconds} once Keycloak has started, unless {@code stopped} says it
     * was stopped before; {@code what} names it in the log ("Elevation expiry", "Guest expiry" ...).
     */
    public static void scheduleAfterStart(KeycloakSessionFactory factory, String name, int seconds, Runnable task,
                                          BooleanSupplier stopped, String what) {
        AfterStart.run(factory, session -> {
            if (!stopped.getAsBoolean()) {
                session.getProvider(TimerProvider.class).schedule(task, seconds * 1000L, name);
                LOG.infof("%s scheduled on this node every %d s", what, seconds);
            }
        });
    }
}
