package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.location.InvalidZoneException;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.location.NetworkZones;
import io.github.zerotrust.keycloak.authn.zones.IpRangeZoneFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * The compiled zones of a realm. Zones are realm components, so Keycloak's realm cache hands out
 * the same {@link ComponentModel} instances until a change anywhere in the cluster invalidates
 * it; we recompile only when those instances change.
 */
public final class RealmZones {

    private static final Logger LOG = Logger.getLogger(RealmZones.class);
    private static final ConcurrentMap<String, Compiled> COMPILED = new ConcurrentHashMap<>();

    private record Compiled(List<ComponentModel> source, NetworkZones zones) {
        boolean compiledFrom(List<ComponentModel> models) {
            if (models.size() != source.size()) {
                return false;
            }
            for (int i = 0; i < models.size(); i++) {
                if (models.get(i) != source.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private RealmZones() {
    }

    /** Drops a removed realm's compiled zones. */
    public static void forget(String realmId) {
        COMPILED.remove(realmId);
    }

    public static NetworkZones of(RealmModel realm) {
        List<ComponentModel> models = realm.getComponentsStream(realm.getId(), IpRangeZoneFactory.PROVIDER_TYPE).toList();
        Compiled compiled = COMPILED.get(realm.getId());
        if (compiled != null && compiled.compiledFrom(models)) {
            return compiled.zones();
        }
        NetworkZones zones = compile(realm, models);
        COMPILED.put(realm.getId(), new Compiled(models, zones));
        return zones;
    }

    private static NetworkZones compile(RealmModel realm, List<ComponentModel> models) {
        List<NetworkZone> zones = new ArrayList<>(models.size());
        for (ComponentModel model : models) {
            try {
                zones.add(IpRangeZoneFactory.toZone(model));
            } catch (InvalidZoneException e) {
                // Only reachable if stored data bypassed validation; the zone then contains nothing.
                LOG.errorf("Realm %s: network zone '%s' is invalid and ignored: %s", realm.getName(), model.getName(), e.getMessage());
            }
        }
        try {
            return NetworkZones.compile(zones);
        } catch (InvalidZoneException e) {
            LOG.errorf("Realm %s: network zones cannot be compiled and are ignored: %s", realm.getName(), e.getMessage());
            return NetworkZones.empty();
        }
    }
}
