package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.location.InvalidZoneException;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.location.NetworkZones;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code Condition - network zone}: matches a sign-in from inside (or outside) chosen network zones. */
public final class NetworkZoneRule {

    /**
     * @param zones           named realm zones; {@link #ALL_TRUSTED} stands for every zone marked trusted
     * @param inline          ranges typed into the condition itself, compiled as one zone
     * @param membership      match when inside the zones, or when outside them
     * @param matchUnreadable what an address that cannot be read does: match (default, the safe side) or not
     * @param problem         why the settings are unusable, if they are; the rule then fails closed
     */
    public record Settings(Set<String> zones, NetworkZones inline, Membership membership, boolean matchUnreadable,
                           boolean reportOnly, Optional<String> problem) implements StepSettings {

        public static final String ZONES = "zones";
        public static final String RANGES = "ranges";
        public static final String MATCH = "match";
        public static final String UNREADABLE_ADDRESS = "unreadable_address";
        public static final String REPORT_ONLY = "report_only";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(MATCH, Membership.IN.configValue,
                UNREADABLE_ADDRESS, "match", REPORT_ONLY, "false");
        public static final String ALL_TRUSTED = "@trusted";
        static final String INLINE_ZONE = "this-condition";

        public static Settings parse(Map<String, String> config) {
            Set<String> zones = new LinkedHashSet<>(ConfigMap.of(config).multivalued(ZONES));
            List<String> ranges = ConfigMap.of(config).multivalued(RANGES);
            Membership membership = Membership.parse(ConfigMap.of(config).text(MATCH, DEFAULT_TEXT.get(MATCH)));
            boolean matchUnreadable = !"no-match".equalsIgnoreCase(ConfigMap.of(config).text(UNREADABLE_ADDRESS,
                    DEFAULT_TEXT.get(UNREADABLE_ADDRESS)));
            boolean reportOnly = ConfigMap.of(config).flag(REPORT_ONLY, Boolean.parseBoolean(DEFAULT_TEXT.get(REPORT_ONLY)));
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
            return new Settings(Set.copyOf(zones), inline, membership, matchUnreadable, reportOnly, problem);
        }

        /** Whether the named zones (as the realm resolves them) or the inline ranges hold the sign-in. */
        boolean holds(Origin origin) {
            for (String zone : origin.zones()) {
                if (zones.contains(zone) || zones.contains(ALL_TRUSTED) && origin.trustedZones().contains(zone)) {
                    return true;
                }
            }
            return origin.address().map(a -> !inline.zonesContaining(a).isEmpty()).orElse(false);
        }

        String describeZones() {
            StringBuilder s = new StringBuilder(zones.isEmpty() ? "" : String.join(", ", zones));
            if (!inline.zones().isEmpty()) {
                s.append(s.length() == 0 ? "" : ", ").append(inline.zones().get(0).ranges().size()).append(" inline range(s)");
            }
            return "[" + s + "]";
        }
    }

    private NetworkZoneRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        if (settings.problem().isPresent()) {
            return Verdict.of(true, Reason.SETTINGS_UNUSABLE, "misconfigured: " + settings.problem().get());
        }
        if (signIn.origin().address().isEmpty()) {
            return Verdict.of(settings.matchUnreadable(), Reason.ADDRESS_UNREADABLE, "the client address could not be read");
        }
        boolean inside = settings.holds(signIn.origin());
        return Verdict.of(settings.membership().matches(inside), inside ? Reason.IN_ZONES : Reason.NOT_IN_ZONES,
                "address is " + (inside ? "in " : "not in ") + settings.describeZones());
    }
}
