package io.github.zerotrust.keycloak.location;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * All network zones of a realm, compiled once into an immutable index. Every range boundary is
 * swept into sorted, non-overlapping segments that point at shared zone-name sets, so a lookup is
 * one binary search however many zones and ranges overlap. Safe to share between threads.
 *
 * <p>Zone names are unique ignoring case, and lookups by name ignore case too.
 */
public final class NetworkZones {

    public static final int MAX_ZONES = 200;

    private static final NetworkZones EMPTY = compile(List.of());

    private final List<NetworkZone> zones;
    private final Map<String, NetworkZone> byFoldedName;
    private final Set<String> trustedZoneNames;
    private final Ipv4Segments ipv4;
    private final Ipv6Segments ipv6;

    private NetworkZones(List<NetworkZone> zones, Map<String, NetworkZone> byFoldedName,
                         Set<String> trustedZoneNames, Ipv4Segments ipv4, Ipv6Segments ipv6) {
        this.zones = zones;
        this.byFoldedName = byFoldedName;
        this.trustedZoneNames = trustedZoneNames;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    public static NetworkZones empty() {
        return EMPTY;
    }

    public static NetworkZones compile(List<NetworkZone> zones) {
        Objects.requireNonNull(zones, "zones");
        if (zones.size() > MAX_ZONES) {
            throw new InvalidZoneException("There are " + zones.size() + " network zones; at most "
                    + MAX_ZONES + " are allowed.");
        }
        Map<String, NetworkZone> byFoldedName = new LinkedHashMap<>();
        Set<String> trusted = new LinkedHashSet<>();
        List<String> names = new ArrayList<>(zones.size());
        for (NetworkZone zone : zones) {
            Objects.requireNonNull(zone, "zone");
            NetworkZone clash = byFoldedName.putIfAbsent(fold(zone.name()), zone);
            if (clash != null) {
                throw new InvalidZoneException("Network zone names must be unique ignoring case: '"
                        + clash.name() + "' and '" + zone.name() + "'.");
            }
            names.add(zone.name());
            if (zone.trusted()) {
                trusted.add(zone.name());
            }
        }
        Ipv4Segments.Builder ipv4 = new Ipv4Segments.Builder();
        Ipv6Segments.Builder ipv6 = new Ipv6Segments.Builder();
        for (int index = 0; index < zones.size(); index++) {
            // The canonical constructor always stores ZoneRanges, so the bounds are already parsed.
            ((ZoneRanges) zones.get(index).ranges()).addTo(ipv4, ipv6, index);
        }
        return new NetworkZones(List.copyOf(zones), Collections.unmodifiableMap(byFoldedName),
                Collections.unmodifiableSet(trusted),
                ipv4.build(new ZoneSets(names)), ipv6.build(new ZoneSets(names)));
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The names of every zone with a range containing the address; empty when there are none. */
    public Set<String> zonesContaining(ClientAddress address) {
        return address.isIpv4()
                ? ipv4.zonesAt(address.ipv4Bits())
                : ipv6.zonesAt(address.ipv6High(), address.ipv6Low());
    }

    /** Whether any of the named zones (names ignore case; unknown names never match) contains the address. */
    public boolean anyContains(Set<String> zoneNames, ClientAddress address) {
        Set<String> containing = zonesContaining(address);
        if (containing.isEmpty()) {
            return false;
        }
        for (String name : zoneNames) {
            NetworkZone zone = name == null ? null : byFoldedName.get(fold(name));
            if (zone != null && containing.contains(zone.name())) {
                return true;
            }
        }
        return false;
    }

    public List<NetworkZone> zones() {
        return zones;
    }

    public Optional<NetworkZone> zone(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byFoldedName.get(fold(name)));
    }

    public Set<String> trustedZoneNames() {
        return trustedZoneNames;
    }

    int segmentCount() {
        return ipv4.segmentCount() + ipv6.segmentCount();
    }
}
