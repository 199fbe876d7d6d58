package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.Verdict;
import io.github.zerotrust.keycloak.location.Country;
import java.util.Set;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;

/** The location conditions' decisions as plain functions, shared by the flow and What-If. */
public final class LocationVerdicts {

    private static final ParsedConfig<CountryConditionConfig> COUNTRY = new ParsedConfig<>(CountryConditionConfig::parse);
    private static final ParsedConfig<NetworkZoneConditionConfig> ZONE = new ParsedConfig<>(NetworkZoneConditionConfig::parse);

    private LocationVerdicts() {
    }

    public static Verdict country(AuthenticatorConfigModel model, SignInLocation location) {
        CountryConditionConfig config = COUNTRY.of(model);
        Country country = location.country();
        if (config.problem().isPresent()) {
            // Fail closed: a broken rule must not silently wave sign-ins through.
            return new Verdict(true, "misconfigured: " + config.problem().get(), config.reportOnly());
        }
        if (!country.isKnown()) {
            return new Verdict(config.matchUnknown(), "country unknown", config.reportOnly());
        }
        boolean listed = config.countries().contains(country);
        return new Verdict(config.membership().matches(listed),
                "country " + country.isoCode() + (listed ? " is in " : " is not in ") + config.describeCountries(),
                config.reportOnly());
    }

    public static Verdict networkZone(AuthenticatorConfigModel model, SignInLocation location, RealmModel realm) {
        NetworkZoneConditionConfig config = ZONE.of(model);
        if (config.problem().isPresent()) {
            return new Verdict(true, "misconfigured: " + config.problem().get(), config.reportOnly());
        }
        if (location.address().isEmpty()) {
            return new Verdict(config.matchUnreadable(), "the client address could not be read", config.reportOnly());
        }
        Set<String> trusted = RealmZones.of(realm).trustedZoneNames();
        boolean inside = config.holds(location, trusted);
        return new Verdict(config.membership().matches(inside),
                "address is " + (inside ? "in " : "not in ") + config.describeZones(), config.reportOnly());
    }
}
