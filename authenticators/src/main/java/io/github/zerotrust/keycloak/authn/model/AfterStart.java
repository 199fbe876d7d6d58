package io.github.zerotrust.keycloak.authn.model;

import java.util.function.Consumer;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Work a provider does once Keycloak's own start-up has ended ({@link PostMigrationEvent}): before it, the schema and
 * the cluster transport may not be there, and reaching for them would start Infinispan from the wrong thread.
 */
public final class AfterStart {

    private AfterStart() {
    }

    /** Runs {@code job} in a transaction of its own once Keycloak has started. */
    public static void run(KeycloakSessionFactory factory, Consumer<KeycloakSession> job) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, job::accept);
            }
        });
    }
}
