package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import io.github.zerotrust.keycloak.location.Country;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of {@code Condition - country}.
 *
 * @param countries      ISO 3166-1 alpha-2 codes
 * @param membership     match when the country is in the list, or when it is not
 * @param matchUnknown   what an unknown country does: match (default, the safe side) or not
 * @param reportOnly     record what would have matched, then do not match
 * @param problem        why the configuration is unusable, if it is; the condition then fails closed
 */
record CountryConditionConfig(Set<Country> countries, Membership membership, boolean matchUnknown,
                              boolean reportOnly, Optional<String> problem) {

    static final String COUNTRIES = "countries";
    static final String MATCH = "match";
    static final String UNKNOWN_COUNTRY = "unknown_country";
    static final String REPORT_ONLY = "report_only";

    static CountryConditionConfig parse(Map<String, String> config) {
        Set<Country> countries = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String code : ConfigValues.list(config, COUNTRIES)) {
            Country.parse(code).filter(Country::isKnown).ifPresentOrElse(countries::add, () -> invalid.add(code));
        }
        Optional<String> problem = Optional.empty();
        if (!invalid.isEmpty()) {
            problem = Optional.of("not ISO 3166 country codes: " + invalid);
        } else if (countries.isEmpty()) {
            problem = Optional.of("no countries are configured");
        }
        return new CountryConditionConfig(Set.copyOf(countries),
                Membership.parse(ConfigValues.string(config, MATCH, Membership.IN.configValue)),
                !"no-match".equalsIgnoreCase(ConfigValues.string(config, UNKNOWN_COUNTRY, "match")),
                ConfigValues.bool(config, REPORT_ONLY, false), problem);
    }

    String describeCountries() {
        return countries.stream().map(Country::isoCode).sorted().toList().toString();
    }
}
