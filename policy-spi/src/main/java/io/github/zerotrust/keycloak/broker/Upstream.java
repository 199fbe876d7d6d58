package io.github.zerotrust.keycloak.broker;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream side of a brokered sign-in: which identity provider the user came through, what its validated ID
 * token said of the authentication there, and what the realm trusts of it.
 *
 * @param provider the identity provider's alias in the realm
 * @param acr      the ID token's {@code acr}; empty without one (or without an ID token)
 * @param amr      the ID token's {@code amr} values; empty without them
 * @param trusted  the realm strength ({@code mfa} or {@code phr}) the upstream authentication counts as; empty when
 *                 nothing is trusted
 * @param why      why, for events and What-If: {@code acr urn:partner:mfa is mapped to mfa}, {@code trust is off}, ...
 */
public record Upstream(String provider, Optional<String> acr, List<String> amr, Optional<String> trusted, String why) {

    public Upstream {
        Objects.requireNonNull(provider, "provider");
        acr = acr == null ? Optional.empty() : acr;
        amr = amr == null ? List.of() : List.copyOf(amr);
        trusted = trusted == null ? Optional.empty() : trusted;
        Objects.requireNonNull(why, "why");
    }

    /** Whether the upstream authentication counts as at least {@code strength} ({@code mfa} or {@code phr}). */
    public boolean trustedFor(String strength) {
        return trusted.isPresent() && PartnerTrust.rank(trusted.get()) >= PartnerTrust.rank(strength)
                && PartnerTrust.rank(strength) > 0;
    }
}
