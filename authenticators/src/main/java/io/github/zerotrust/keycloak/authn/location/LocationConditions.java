package io.github.zerotrust.keycloak.authn.location;

import io.github.zerotrust.keycloak.authn.EventDetails;
import io.github.zerotrust.keycloak.authn.MatchedRules;
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
        location.describe(context.getEvent());
        return location;
    }

    static String ruleName(AuthenticationFlowContext context, String fallback) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return config != null && config.getAlias() != null ? config.getAlias() : fallback;
    }

    /**
     * A report-only rule records what it would have decided and then does not match, so admins
     * can watch a rule's effect in the events before they switch it on.
     */
    static boolean conclude(AuthenticationFlowContext context, MatchedRules.Match match, boolean matched, boolean reportOnly) {
        if (!matched) {
            return false;
        }
        if (reportOnly) {
            String all = MatchedRules.reportOnly(context.getAuthenticationSession(), match.rule(), match.reason());
            context.getEvent().detail(EventDetails.REPORT_ONLY, all);
            LOG.debugf("Report-only rule %s would match: %s", match.rule(), match.reason());
            return false;
        }
        MatchedRules.matched(context.getAuthenticationSession(), match);
        return true;
    }
}
