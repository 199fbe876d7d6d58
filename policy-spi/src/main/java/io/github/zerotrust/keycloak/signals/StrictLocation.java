package io.github.zerotrust.keycloak.signals;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Strict location: a session's refresh must come from where its sign-in was. A sign-in inside network zones binds
 * its refreshes to those zones (any one of them); a sign-in in no zone binds them to its own address, since nothing
 * broader is known to be the user's. An address that cannot be read is never "the same place".
 *
 * @param zones   the zones the sign-in's address was in
 * @param address the sign-in's address (canonical form), empty if it could not be read
 */
public record StrictLocation(Set<String> zones, Optional<String> address) {

    public StrictLocation {
        zones = Set.copyOf(zones);
        Objects.requireNonNull(address, "address");
    }

    /** Why a refresh from {@code refreshAddress}, in {@code refreshZones}, is refused; empty when it is let through. */
    public Optional<String> refusal(Set<String> refreshZones, Optional<String> refreshAddress) {
        if (!zones.isEmpty()) {
            boolean inside = refreshZones.stream().anyMatch(zones::contains);
            return inside ? Optional.empty()
                    : Optional.of("the refresh is outside the zones of the sign-in " + new TreeSet<>(zones));
        }
        if (address.isEmpty() || refreshAddress.isEmpty()) {
            return Optional.of("the address of the sign-in or of the refresh cannot be read");
        }
        return address.equals(refreshAddress) ? Optional.empty()
                : Optional.of("the sign-in was in no zone and the refresh comes from another address");
    }
}
