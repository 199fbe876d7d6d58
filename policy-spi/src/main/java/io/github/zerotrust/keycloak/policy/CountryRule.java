package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.location.Country;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code Condition - country}: matches a sign-in from (or not from) chosen countries. */
public final class CountryRule {

    /**
     * @param countries    ISO 3166-1 alpha-2 codes
     * @param membership   match when the country is in the list, or when it is not
     * @param matchUnknown what an unknown country does: match (default, the safe side) or not
     * @param problem      why the settings are unusable, if they are; the rule then fails closed
     */
    public record Settings(Set<Country> countries, Membership membership, boolean matchUnknown, boolean reportOnly,
                           Optional<String> problem) implements StepSettings {

        public static final String COUNTRIES = "countries";
        public static final String MATCH = "match";
        public static final String UNKNOWN_COUNTRY = "unknown_country";
        public static final String REPORT_ONLY = "report_only";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(MATCH, Membership.IN.configValue,
                UNKNOWN_COUNTRY, "match", REPORT_ONLY, "false");

        public static Settings parse(Map<String, String> config) {
            Set<Country> countries = new LinkedHashSet<>();
            List<String> invalid = new ArrayList<>();
            for (String code : ConfigMap.of(config).multivalued(COUNTRIES)) {
                Country.parse(code).filter(Country::isKnown).ifPresentOrElse(countries::add, () -> invalid.add(code));
            }
            Optional<String> problem = Optional.empty();
            if (!invalid.isEmpty()) {
                problem = Optional.of("not ISO 3166 country codes: " + invalid);
            } else if (countries.isEmpty()) {
                problem = Optional.of("no countries are configured");
            }
            return new Settings(Set.copyOf(countries),
                    Membership.parse(ConfigMap.of(config).text(MATCH, DEFAULT_TEXT.get(MATCH))),
                    !"no-match".equalsIgnoreCase(ConfigMap.of(config).text(UNKNOWN_COUNTRY, DEFAULT_TEXT.get(UNKNOWN_COUNTRY))),
                    ConfigMap.of(config).flag(REPORT_ONLY, Boolean.parseBoolean(DEFAULT_TEXT.get(REPORT_ONLY))), problem);
        }

        String describeCountries() {
            return countries.stream().map(Country::isoCode).sorted().toList().toString();
        }
    }

    private CountryRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        if (settings.problem().isPresent()) {
            // Fail closed: a broken rule must not silently wave sign-ins through.
            return Verdict.of(true, Reason.SETTINGS_UNUSABLE, "misconfigured: " + settings.problem().get());
        }
        Country country = signIn.origin().country();
        if (!country.isKnown()) {
            return Verdict.of(settings.matchUnknown(), Reason.COUNTRY_UNKNOWN, "country unknown");
        }
        boolean listed = settings.countries().contains(country);
        return Verdict.of(settings.membership().matches(listed), listed ? Reason.COUNTRY_LISTED : Reason.COUNTRY_NOT_LISTED,
                "country " + country.isoCode() + (listed ? " is in " : " is not in ") + settings.describeCountries());
    }
}
