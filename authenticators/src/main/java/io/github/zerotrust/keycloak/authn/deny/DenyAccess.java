package io.github.zerotrust.keycloak.authn.deny;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import java.util.List;
import java.util.stream.Collectors;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Refuses the sign-in, says why on a page the user can act on (or as an OAuth error for the
 * direct grant), and records the rule and the reasons in the event.
 */
final class DenyAccess implements Authenticator {

    static final DenyAccess SINGLETON = new DenyAccess();

    private final ParsedConfig<DenyAccessConfig> configs = new ParsedConfig<>(DenyAccessConfig::parse);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        DenyAccessConfig config = configs.of(context.getAuthenticatorConfig());
        List<MatchedRules.Match> matches = MatchedRules.take(context.getAuthenticationSession());
        String rule = matches.isEmpty()
                ? MatchedRules.ruleName(context.getAuthenticatorConfig(), DenyAccessFactory.ID)
                : matches.stream().map(MatchedRules.Match::rule).distinct().collect(Collectors.joining(", "));
        String reason = matches.isEmpty() ? "deny step reached" : matches.stream().map(MatchedRules.Match::reason)
                .collect(Collectors.joining("; "));
        Refusal.refuse(context, rule, reason, Denial.messageKeyFor(config.message(), matches), config.customMessage());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // The page has no form: any post-back is refused the same way.
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
