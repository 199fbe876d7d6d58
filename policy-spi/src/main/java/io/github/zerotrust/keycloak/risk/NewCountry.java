package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.Country;
import java.util.Optional;

/**
 * The sign-in comes from a country the user has not signed in from before. It needs a baseline:
 * an unknown country never counts, and neither does a history without any known country (such
 * as the first sign-in), or every account would look risky on the day the feature is switched on.
 */
public final class NewCountry implements Signal {

    public static final String NAME = "new-country";

    NewCountry() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        Country country = facts.location().country();
        if (!country.isKnown()) {
            return Optional.empty();
        }
        boolean baseline = false;
        for (PastSignIn past : facts.history()) {
            if (past.country().equals(country)) {
                return Optional.empty();
            }
            baseline |= past.country().isKnown();
        }
        return baseline
                ? Optional.of(RiskReason.of(NAME, "first sign-in from " + country.isoCode()))
                : Optional.empty();
    }
}
