package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.Verdict;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Matches when the sign-in comes from (or not from) chosen countries. */
final class CountryCondition implements ConditionalAuthenticator {

    static final CountryCondition SINGLETON = new CountryCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        SignInLocation location = LocationConditions.locate(context);
        Verdict verdict = LocationVerdicts.country(context.getAuthenticatorConfig(), location);
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), CountryConditionFactory.DISPLAY_TYPE);
        return MatchedRules.conclude(context, new MatchedRules.Match(rule, verdict.reason(), MatchedRules.Kind.COUNTRY), verdict);
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
