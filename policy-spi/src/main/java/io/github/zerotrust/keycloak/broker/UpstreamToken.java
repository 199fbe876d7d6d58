package io.github.zerotrust.keycloak.broker;

import java.util.List;
import java.util.Optional;

/**
 * What an identity provider's ID token, as Keycloak validated it, says of the authentication upstream.
 *
 * @param acr    the {@code acr} claim; empty when absent or not a string
 * @param amr    the {@code amr} claim's string values; empty when absent
 * @param device the device claim the provider's trust settings name ({@code device_trust} by default), when it is a
 *               string: what the partner says of the device ({@code compliant}, {@code managed}, ...)
 */
public record UpstreamToken(Optional<String> acr, List<String> amr, Optional<String> device) {

    public UpstreamToken {
        acr = acr == null ? Optional.empty() : acr.filter(a -> !a.isBlank());
        amr = amr == null ? List.of() : List.copyOf(amr);
        device = device == null ? Optional.empty() : device.filter(d -> !d.isBlank());
    }

    /** A token that says nothing of the device. */
    public UpstreamToken(Optional<String> acr, List<String> amr) {
        this(acr, amr, Optional.empty());
    }
}
