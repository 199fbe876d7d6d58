package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.EventDetails;
import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.Verdict;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.AuthenticatorConfigModel;

/** What the location conditions share: where the sign-in is from, and what a match does. */
final class LocationConditions {

    private static final Logger LOG = Logger.getLogger(LocationConditions.class);

    private LocationConditions() {
    }

    static SignInLocation locate(AuthenticationFlowContext context) {
        SignInLocation location = SignInLocation.of(context.getSession(), context.getRealm(), context.getConnection());
        location.describe(context.getAuthenticationSession(), context.getEvent());
        return location;
    }

    static String ruleName(AuthenticationFlowContext context, String fallback) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return config != null && config.getAlias() != null ? config.getAlias() : fallback;
    }

    /**
     * A report-only rule records what it would have decided and then does not match, so admins
     * can watch a rule's effect in the events before they switch it on. A misconfigured rule
     * matches (fail closed) and says so in the log.
     */
    static boolean conclude(AuthenticationFlowContext context, MatchedRules.Match match, Verdict verdict) {
        if (verdict.reason().startsWith("misconfigured")) {
            LOG.warnf("Realm %s: condition %s is %s; treating it as matched", context.getRealm().getName(), match.rule(),
                    verdict.reason());
        }
        if (!verdict.matched()) {
            return false;
        }
        if (verdict.reportOnly()) {
            String all = MatchedRules.reportOnly(context.getAuthenticationSession(), match.rule(), match.reason());
            context.getEvent().detail(EventDetails.REPORT_ONLY, all);
            return false;
        }
        MatchedRules.matched(context.getAuthenticationSession(), match);
        return true;
    }
}
