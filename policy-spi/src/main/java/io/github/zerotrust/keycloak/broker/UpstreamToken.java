package io.github.zerotrust.keycloak.broker;

import java.util.List;
import java.util.Optional;

/**
 * What an identity provider's ID token, as Keycloak validated it, says of the authentication upstream.
 *
 * @param acr the {@code acr} claim; empty when absent or not a string
 * @param amr the {@code amr} claim's string values; empty when absent
 */
public record UpstreamToken(Optional<String> acr, List<String> amr) {

    public UpstreamToken {
        acr = acr == null ? Optional.empty() : acr.filter(a -> !a.isBlank());
        amr = amr == null ? List.of() : List.copyOf(amr);
    }
}
