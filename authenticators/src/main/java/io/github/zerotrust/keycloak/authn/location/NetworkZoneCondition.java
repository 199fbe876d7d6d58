package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Matches when the sign-in comes from inside (or outside) chosen network zones. */
final class NetworkZoneCondition implements ConditionalAuthenticator {

    static final NetworkZoneCondition SINGLETON = new NetworkZoneCondition();

    private static final Logger LOG = Logger.getLogger(NetworkZoneCondition.class);
    private final ParsedConfig<NetworkZoneConditionConfig> configs = new ParsedConfig<>(NetworkZoneConditionConfig::parse);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        NetworkZoneConditionConfig config = configs.of(context.getAuthenticatorConfig());
        SignInLocation location = LocationConditions.locate(context);
        String rule = LocationConditions.ruleName(context, NetworkZoneConditionFactory.DISPLAY_TYPE);
        boolean matched;
        String reason;
        if (config.problem().isPresent()) {
            // Fail closed: a broken rule must not silently wave sign-ins through.
            LOG.warnf("Realm %s: condition %s is misconfigured (%s); treating it as matched",
                    context.getRealm().getName(), rule, config.problem().get());
            matched = true;
            reason = "misconfigured: " + config.problem().get();
        } else if (location.address().isEmpty()) {
            matched = config.matchUnreadable();
            reason = "the client address could not be read";
        } else {
            boolean inside = config.holds(location, RealmZones.of(context.getRealm()).trustedZoneNames());
            matched = config.membership().matches(inside);
            reason = "address is " + (inside ? "in " : "not in ") + config.describeZones();
        }
        return LocationConditions.conclude(context,
                new MatchedRules.Match(rule, reason, MatchedRules.Kind.NETWORK), matched, config.reportOnly());
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
