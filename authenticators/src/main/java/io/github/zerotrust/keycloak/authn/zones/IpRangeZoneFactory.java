package io.github.zerotrust.keycloak.authn.zones;

import io.github.zerotrust.keycloak.spi.NetworkZoneProvider;
import io.github.zerotrust.keycloak.spi.NetworkZoneProviderFactory;

import io.github.zerotrust.keycloak.location.InvalidZoneException;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.location.NetworkZones;
import java.util.List;
import java.util.stream.Stream;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** A zone made of IPv4 and IPv6 ranges (CIDR or single addresses). */
public final class IpRangeZoneFactory implements NetworkZoneProviderFactory {

    public static final String ID = "ip-ranges";
    public static final String RANGES = "ranges";
    public static final String TRUSTED = "trusted";
    public static final String DESCRIPTION = "description";

    /** The fully qualified provider type under which zones are stored as realm components. */
    public static final String PROVIDER_TYPE = NetworkZoneProvider.class.getName();

    @Override
    public NetworkZoneProvider create(KeycloakSession session, ComponentModel model) {
        NetworkZone zone = toZone(model);
        return () -> zone;
    }

    /** Validates on every write path: the zones REST API, the generic components API and realm import. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        if (!realm.getId().equals(model.getParentId())) {
            throw new ComponentValidationException("A network zone belongs to the realm itself (parentId = realm id)");
        }
        NetworkZone zone;
        try {
            zone = toZone(model);
        } catch (InvalidZoneException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        List<NetworkZone> others = realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                .filter(other -> !other.getId().equals(model.getId()))
                .map(IpRangeZoneFactory::toZoneOrNull)
                .filter(z -> z != null)
                .toList();
        try {
            NetworkZones.compile(Stream.concat(others.stream(), Stream.of(zone)).toList());
        } catch (InvalidZoneException e) {
            throw new ComponentValidationException(e.getMessage());
        }
    }

    public static NetworkZone toZone(ComponentModel model) {
        List<String> ranges = model.getConfig().getOrDefault(RANGES, List.of());
        boolean trusted = Boolean.parseBoolean(model.getConfig().getFirst(TRUSTED));
        return NetworkZone.of(model.getName(), ranges, trusted);
    }

    private static NetworkZone toZoneOrNull(ComponentModel model) {
        try {
            return toZone(model);
        } catch (InvalidZoneException e) {
            return null;
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "A named network zone: office networks, VPN egress addresses, workstations. IPv4 and IPv6 CIDR ranges.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RANGES).label("IP ranges").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("CIDR ranges or single addresses, IPv4 or IPv6, at most " + NetworkZone.MAX_RANGES + ".")
                .add()
                .property().name(TRUSTED).label("Trusted").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Counts as a trusted location (conditions can refer to all trusted zones at once).")
                .add()
                .property().name(DESCRIPTION).label("Description").type(ProviderConfigProperty.STRING_TYPE)
                .add()
                .build();
    }
}
