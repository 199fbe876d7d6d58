package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import io.github.zerotrust.keycloak.location.InvalidZoneException;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.location.NetworkZones;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@code Condition - network zone}.
 *
 * @param zones           named realm zones; {@link #ALL_TRUSTED} stands for every zone marked trusted
 * @param inline          ranges typed into the condition itself, compiled as one zone
 * @param membership      match when inside the zones, or when outside them
 * @param matchUnreadable what an address that cannot be read does: match (default, the safe side) or not
 * @param reportOnly      record what would have matched, then do not match
 * @param problem         why the configuration is unusable, if it is; the condition then fails closed
 */
record NetworkZoneConditionConfig(Set<String> zones, NetworkZones inline, Membership membership,
                                  boolean matchUnreadable, boolean reportOnly, Optional<String> problem) {

    static final String ZONES = "zones";
    static final String RANGES = "ranges";
    static final String MATCH = "match";
    static final String UNREADABLE_ADDRESS = "unreadable_address";
    static final String REPORT_ONLY = "report_only";
    static final String ALL_TRUSTED = "@trusted";
    static final String INLINE_ZONE = "this-condition";

    static NetworkZoneConditionConfig parse(Map<String, String> config) {
        Set<String> zones = new LinkedHashSet<>(ConfigValues.list(config, ZONES));
        List<String> ranges = ConfigValues.list(config, RANGES);
        Membership membership = Membership.parse(ConfigValues.string(config, MATCH, Membership.IN.configValue));
        boolean matchUnreadable = !"no-match".equalsIgnoreCase(ConfigValues.string(config, UNREADABLE_ADDRESS, "match"));
        boolean reportOnly = ConfigValues.bool(config, REPORT_ONLY, false);
        NetworkZones inline = NetworkZones.empty();
        Optional<String> problem = Optional.empty();
        try {
            if (!ranges.isEmpty()) {
                inline = NetworkZones.compile(List.of(NetworkZone.of(INLINE_ZONE, ranges, false)));
            }
        } catch (InvalidZoneException e) {
            problem = Optional.of(e.getMessage());
        }
        if (zones.isEmpty() && ranges.isEmpty()) {
            problem = Optional.of("no zones and no ranges are configured");
        }
        return new NetworkZoneConditionConfig(Set.copyOf(zones), inline, membership, matchUnreadable, reportOnly, problem);
    }

    /** Whether the named zones (as resolved for this realm) or the inline ranges hold the sign-in. */
    boolean holds(SignInLocation location, Set<String> trustedZones) {
        for (String zone : location.zones()) {
            if (zones.contains(zone) || zones.contains(ALL_TRUSTED) && trustedZones.contains(zone)) {
                return true;
            }
        }
        return location.address().map(a -> !inline.zonesContaining(a).isEmpty()).orElse(false);
    }

    String describeZones() {
        StringBuilder s = new StringBuilder(zones.isEmpty() ? "" : String.join(", ", zones));
        if (!inline.zones().isEmpty()) {
            s.append(s.length() == 0 ? "" : ", ").append(inline.zones().get(0).ranges().size()).append(" inline range(s)");
        }
        return "[" + s + "]";
    }
}
