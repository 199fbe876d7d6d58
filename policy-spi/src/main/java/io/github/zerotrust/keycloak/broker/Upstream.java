package io.github.zerotrust.keycloak.broker;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream side of a brokered sign-in: which identity provider the user came through, what its validated ID
 * token said of the authentication there, and what the realm trusts of it.
 *
 * @param provider      the identity provider's alias in the realm
 * @param acr           the ID token's {@code acr}; empty without one (or without an ID token)
 * @param amr           the ID token's {@code amr} values; empty without them
 * @param trusted       the realm strength ({@code mfa} or {@code phr}) the upstream authentication counts as; empty
 *                      when nothing is trusted
 * @param why           why, for events and What-If: {@code acr urn:partner:mfa is mapped to mfa}, {@code trust is off}, ...
 * @param trustedDevice what the realm takes the partner's word for about the device ({@code compliant} or
 *                      {@code managed}); empty when nothing is trusted
 * @param deviceWhy     why, for events and What-If: {@code device_trust compliant is trusted}, {@code trust of the
 *                      provider's device claim is off}, ...
 */
public record Upstream(String provider, Optional<String> acr, List<String> amr, Optional<String> trusted, String why,
                       Optional<DeviceTrust> trustedDevice, String deviceWhy) {

    /** The reason when device trust was never looked at (a session's refresh, a provider removed mid-sign-in). */
    public static final String DEVICE_NOT_JUDGED = "the provider's device claim is not trusted";

    public Upstream {
        Objects.requireNonNull(provider, "provider");
        acr = acr == null ? Optional.empty() : acr;
        amr = amr == null ? List.of() : List.copyOf(amr);
        trusted = trusted == null ? Optional.empty() : trusted;
        Objects.requireNonNull(why, "why");
        // Only the two standings a partner can vouch for; "unmanaged" is what the realm assumes anyway.
        trustedDevice = trustedDevice == null ? Optional.empty() : trustedDevice.filter(t -> t != DeviceTrust.UNMANAGED);
        Objects.requireNonNull(deviceWhy, "deviceWhy");
    }

    /** An upstream whose device claim is not trusted. */
    public Upstream(String provider, Optional<String> acr, List<String> amr, Optional<String> trusted, String why) {
        this(provider, acr, amr, trusted, why, Optional.empty(), DEVICE_NOT_JUDGED);
    }

    /** Whether the upstream authentication counts as at least {@code strength} ({@code mfa} or {@code phr}). */
    public boolean trustedFor(String strength) {
        return trusted.isPresent() && PartnerTrust.rank(trusted.get()) >= PartnerTrust.rank(strength)
                && PartnerTrust.rank(strength) > 0;
    }
}
