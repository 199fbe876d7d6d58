package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.Country;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sign-in comes from a place the user has not signed in from before. It needs a baseline: a
 * history without any known country (such as the first sign-in, or a realm that had no GeoIP data)
 * never counts, or every account would look risky on the day the feature is switched on.
 *
 * <p>A place is a known country, or, when the country cannot be known (a private address, a gap in
 * the GeoIP data, an IPv6 address and an IPv4-only database), the sign-in's own network: an unknown
 * country is new unless an earlier sign-in without a country came from the same address or from one
 * of the same network zones. "Unknown" is never one place that, once seen, hides every other: an
 * attacker who picks an address the database cannot place must not get past this signal by it.
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
        Set<String> zones = country.isKnown() ? Set.of() : lowerCase(facts.zones());
        Country lastKnown = null;
        for (PastSignIn past : facts.history()) {
            if (country.isKnown() ? past.country().equals(country) : !past.country().isKnown() && samePlace(facts, zones, past)) {
                return Optional.empty();
            }
            if (lastKnown == null && past.country().isKnown()) {
                lastKnown = past.country();
            }
        }
        if (lastKnown == null) {
            return Optional.empty();
        }
        return Optional.of(RiskReason.of(NAME, country.isKnown() ? "first sign-in from " + country.isoCode()
                : "first sign-in from an unknown country (a private address, or one the GeoIP data cannot place), "
                + "after sign-ins from " + lastKnown.isoCode()));
    }

    /** Two sign-ins without a country are from one place when they share the address or a network zone. */
    private static boolean samePlace(SignInFacts now, Set<String> zones, PastSignIn past) {
        if (now.addressKey() != null && Objects.equals(now.addressKey(), past.addressKey())) {
            return true;
        }
        for (String zone : past.zones()) {
            if (zones.contains(zone.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lowerCase(Set<String> zones) {
        return zones.stream().map(zone -> zone.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
