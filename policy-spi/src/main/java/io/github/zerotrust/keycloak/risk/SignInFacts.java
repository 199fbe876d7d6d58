package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.GeoLocation;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the risk signals may look at for one sign-in, gathered by the shell before the
 * assessment. Missing parts are normalised to "unknown" values so no signal has to check for null.
 *
 * @param at                    when the sign-in happened, from the shell's one clock
 * @param addressKey            the address as the history stores it (see {@link AddressKey}); may be null
 * @param zones                 the network zones containing the address
 * @param deviceId              the recognised device, or null when none was recognised
 * @param history               earlier successful sign-ins of the user, newest first
 * @param recentUserFailures    failed attempts for the user in the failure-velocity window
 * @param recentAddressFailures failed attempts from the address in the same window
 * @param deviceThreat          what the device reports about itself, once the device issue provides it
 */
public record SignInFacts(Instant at, Optional<ClientAddress> address, String addressKey, GeoLocation location,
                          Set<String> zones, String deviceId, List<PastSignIn> history, int recentUserFailures,
                          int recentAddressFailures, Optional<DeviceThreat> deviceThreat) {

    public SignInFacts {
        Objects.requireNonNull(at, "at");
        address = address == null ? Optional.empty() : address;
        location = location == null ? GeoLocation.unknown() : location;
        zones = zones == null ? Set.of() : Set.copyOf(zones);
        history = history == null ? List.of() : List.copyOf(history);
        recentUserFailures = Math.max(0, recentUserFailures);
        recentAddressFailures = Math.max(0, recentAddressFailures);
        deviceThreat = deviceThreat == null ? Optional.empty() : deviceThreat;
    }
}
