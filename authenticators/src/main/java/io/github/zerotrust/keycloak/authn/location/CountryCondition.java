package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.location.Country;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Matches when the sign-in comes from (or not from) chosen countries. */
final class CountryCondition implements ConditionalAuthenticator {

    static final CountryCondition SINGLETON = new CountryCondition();

    private static final Logger LOG = Logger.getLogger(CountryCondition.class);
    private final ParsedConfig<CountryConditionConfig> configs = new ParsedConfig<>(CountryConditionConfig::parse);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        CountryConditionConfig config = configs.of(context.getAuthenticatorConfig());
        SignInLocation location = LocationConditions.locate(context);
        String rule = LocationConditions.ruleName(context, CountryConditionFactory.DISPLAY_TYPE);
        Country country = location.country();
        boolean matched;
        String reason;
        if (config.problem().isPresent()) {
            // Fail closed: a broken rule must not silently wave sign-ins through.
            LOG.warnf("Realm %s: condition %s is misconfigured (%s); treating it as matched",
                    context.getRealm().getName(), rule, config.problem().get());
            matched = true;
            reason = "misconfigured: " + config.problem().get();
        } else if (!country.isKnown()) {
            matched = config.matchUnknown();
            reason = "country unknown";
        } else {
            boolean listed = config.countries().contains(country);
            matched = config.membership().matches(listed);
            reason = "country " + country.isoCode() + (listed ? " is in " : " is not in ") + config.describeCountries();
        }
        return LocationConditions.conclude(context,
                new MatchedRules.Match(rule, reason, MatchedRules.Kind.COUNTRY), matched, config.reportOnly());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
