package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.signin.RealmZones;
import java.util.List;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustConditionFactory;
import io.github.zerotrust.keycloak.policy.NetworkZoneRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class NetworkZoneConditionFactory extends ZeroTrustConditionFactory {

    public static final String ID = StepKinds.NETWORK_ZONE.providerId();

    public NetworkZoneConditionFactory() {
        super(StepKinds.NETWORK_ZONE);
    }

    @Override
    public String getHelpText() {
        return "Matches when the sign-in comes from inside (or outside) chosen network zones: office networks, VPN egress, "
                + "workstations. Zones are managed under /admin/realms/{realm}/zero-trust/zones; ranges can also be typed here.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(NetworkZoneRule.Settings.ZONES).label("Zones")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Names of the realm's network zones. '" + NetworkZoneRule.Settings.ALL_TRUSTED
                        + "' means every zone marked trusted.")
                .add()
                .property().name(NetworkZoneRule.Settings.RANGES).label("Extra IP ranges")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("CIDR ranges or addresses (IPv4 or IPv6) that count as part of the zones for this condition only.")
                .add()
                .property().name(NetworkZoneRule.Settings.MATCH).label("Match when the sign-in is")
                .type(ProviderConfigProperty.LIST_TYPE).options("in", "not-in").defaultValue(NetworkZoneRule.Settings.DEFAULT_TEXT.get(NetworkZoneRule.Settings.MATCH))
                .helpText("'in': match when the address is in one of the zones. 'not-in': match when it is in none of them.")
                .add()
                .property().name(NetworkZoneRule.Settings.UNREADABLE_ADDRESS).label("Unreadable client address")
                .type(ProviderConfigProperty.LIST_TYPE).options("match", "no-match").defaultValue(NetworkZoneRule.Settings.DEFAULT_TEXT.get(NetworkZoneRule.Settings.UNREADABLE_ADDRESS))
                .helpText("What to do when the client address cannot be read. 'match' (default) runs the guarded steps: "
                        + "the safe choice when they deny or ask for more.")
                .add()
                .property().name(NetworkZoneRule.Settings.REPORT_ONLY).label("Report only")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(NetworkZoneRule.Settings.DEFAULT_TEXT.get(NetworkZoneRule.Settings.REPORT_ONLY))
                .helpText("Record in the sign-in event what this condition would have matched, then do not match.")
                .add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                RealmZones.forget(removed.getRealm().getId());
            }
        });
    }
}
