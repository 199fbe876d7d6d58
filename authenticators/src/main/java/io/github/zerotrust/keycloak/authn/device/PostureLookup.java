package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.spi.DevicePostureProvider;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Asks the device step's posture sources in order until one knows the device; a source that cannot
 * answer stops the search (fail closed, unless it says its realm chose fail-open). The device step and
 * What-If ask the same way.
 *
 * @param source  the source that answered, or {@code none}
 * @param problem why no posture could be had, if so; never a secret
 */
record PostureLookup(Optional<Posture> posture, String source, String problem, boolean failedOpen) {

    private static final Logger LOG = Logger.getLogger(PostureLookup.class);

    static PostureLookup ask(KeycloakSession session, RealmModel realm, List<String> sources, DeviceQuery query) {
        for (String id : sources) {
            DevicePostureProvider provider = session.getProvider(DevicePostureProvider.class, id);
            if (provider == null) {
                // Quoted short and clean: the step's settings may hold anything, and this goes into every sign-in's event.
                String problem = "no posture source " + io.github.zerotrust.keycloak.authn.rest.Problem.quoted(id);
                LOG.warnf("Realm %s: the device step names %s; the device counts as unknown", realm.getName(), problem);
                return new PostureLookup(Optional.empty(), "none", problem, false);
            }
            Optional<Posture> posture;
            try {
                posture = provider.posture(query);
            } catch (DevicePostureUnavailable unavailable) {
                boolean failedOpen = unavailable.failOpen() && !unavailable.refused();
                if (failedOpen) {
                    LOG.warnf("Realm %s: device posture from %s unavailable (%s); letting the user through as an unmanaged device, "
                            + "as the realm configured fail-open", realm.getName(), id, unavailable.getMessage());
                } else {
                    LOG.infof("Realm %s: device posture from %s unavailable: %s", realm.getName(), id, unavailable.getMessage());
                }
                return new PostureLookup(Optional.empty(), "none", id + ": " + unavailable.getMessage(), failedOpen);
            }
            if (posture.isPresent()) {
                return new PostureLookup(posture, id, null, false);
            }
        }
        return new PostureLookup(Optional.empty(), "none", null, false);
    }
}
