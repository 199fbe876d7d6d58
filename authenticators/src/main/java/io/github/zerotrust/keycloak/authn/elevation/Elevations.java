package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import java.time.Clock;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The elevation parts of one realm, for one Keycloak session, wired once: {@link Activations}, {@link Approvals},
 * {@link Endings}, with the {@link Grants}, {@link Directory}, {@link ElevationStore} and {@link ElevationAudit}
 * they share. The rules are the core's ({@code policy-spi} {@code elevation}).
 */
final class Elevations {

    private final ElevationStore store;
    private final Directory directory;
    private final ElevationSettings settings;
    private final Activations activations;
    private final Approvals approvals;
    private final Endings endings;

    Elevations(KeycloakSession session, RealmModel realm, Clock clock) {
        this.store = new ElevationStore(session);
        this.directory = new Directory(session, realm);
        this.settings = ElevationSettings.parse(realm.getAttributes());
        ElevationAudit audit = new ElevationAudit(session, realm);
        Grants grants = new Grants(session, realm, store, directory, audit);
        this.approvals = new Approvals(session, realm, clock, settings, store, directory, audit, grants);
        this.activations = new Activations(session, realm, clock, settings, store, directory, audit, grants, approvals);
        this.endings = new Endings(session, realm, clock, store, directory, audit, grants);
    }

    ElevationStore store() {
        return store;
    }

    Directory directory() {
        return directory;
    }

    ElevationSettings settings() {
        return settings;
    }

    Activations activations() {
        return activations;
    }

    Approvals approvals() {
        return approvals;
    }

    Endings endings() {
        return endings;
    }
}
