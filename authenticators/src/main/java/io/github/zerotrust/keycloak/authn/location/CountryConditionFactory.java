package io.github.zerotrust.keycloak.authn.location;

import java.util.List;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustConditionFactory;
import io.github.zerotrust.keycloak.policy.CountryRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class CountryConditionFactory extends ZeroTrustConditionFactory {

    public static final String ID = StepKinds.COUNTRY.providerId();

    public CountryConditionFactory() {
        super(StepKinds.COUNTRY);
    }

    @Override
    public String getHelpText() {
        return "Matches when the sign-in comes from (or not from) chosen countries, looked up from the client address "
                + "in the GeoIP database. Pair it with 'Zero Trust - deny access' to block countries, or with an MFA step to challenge them.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CountryRule.Settings.COUNTRIES).label("Countries")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("ISO 3166-1 alpha-2 codes, e.g. GB, IE, KP.")
                .add()
                .property().name(CountryRule.Settings.MATCH).label("Match when the country is")
                .type(ProviderConfigProperty.LIST_TYPE).options("in", "not-in").defaultValue(CountryRule.Settings.DEFAULT_TEXT.get(CountryRule.Settings.MATCH))
                .helpText("'in': match when the sign-in's country is in the list (a block list). "
                        + "'not-in': match when it is not (an allow list).")
                .add()
                .property().name(CountryRule.Settings.UNKNOWN_COUNTRY).label("Unknown country")
                .type(ProviderConfigProperty.LIST_TYPE).options("match", "no-match").defaultValue(CountryRule.Settings.DEFAULT_TEXT.get(CountryRule.Settings.UNKNOWN_COUNTRY))
                .helpText("What to do when the country cannot be told (private address, no database entry). "
                        + "'match' (default) runs the guarded steps: the safe choice when they deny or ask for more.")
                .add()
                .property().name(CountryRule.Settings.REPORT_ONLY).label("Report only")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(CountryRule.Settings.DEFAULT_TEXT.get(CountryRule.Settings.REPORT_ONLY))
                .helpText("Record in the sign-in event what this condition would have matched, then do not match.")
                .add()
                .build();
    }
}
