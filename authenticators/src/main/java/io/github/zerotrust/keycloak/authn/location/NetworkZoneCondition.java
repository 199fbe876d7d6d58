package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.Verdict;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Matches when the sign-in comes from inside (or outside) chosen network zones. */
final class NetworkZoneCondition implements ConditionalAuthenticator {

    static final NetworkZoneCondition SINGLETON = new NetworkZoneCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        SignInLocation location = LocationConditions.locate(context);
        Verdict verdict = LocationVerdicts.networkZone(context.getAuthenticatorConfig(), location, context.getRealm());
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), NetworkZoneConditionFactory.DISPLAY_TYPE);
        return MatchedRules.conclude(context, new MatchedRules.Match(rule, verdict.reason(), MatchedRules.Kind.NETWORK), verdict);
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
