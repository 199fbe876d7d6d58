package io.github.zerotrust.keycloak.authn.audience;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Matches sign-ins of chosen groups, roles or apps: MFA or a passkey for admins, a stronger sign-in
 * for the HR app. A group or role rule that runs before the user is known matches (fail closed): the
 * stricter branch runs rather than letting someone through unchecked.
 */
final class AppliesToCondition implements ConditionalAuthenticator {

    static final AppliesToCondition SINGLETON = new AppliesToCondition();
    static final String REPORT_ONLY = "zt.applies-to.report-only";

    private static final Logger LOG = Logger.getLogger(AppliesToCondition.class);

    record Config(AppliesTo appliesTo, boolean reportOnly) {
        static Config read(java.util.Map<String, String> config) {
            return new Config(AppliesTo.read(config), ConfigValues.bool(config, REPORT_ONLY, false));
        }
    }

    private final ParsedConfig<Config> configs = new ParsedConfig<>(Config::read);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        Config config = configs.of(context.getAuthenticatorConfig());
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), AppliesToConditionFactory.DISPLAY_TYPE);
        UserModel user = context.getUser();
        Verdict verdict;
        if (user == null && config.appliesTo().needsUser()) {
            LOG.warnf("Realm %s: %s names groups or roles but runs before the user is known; place it after the "
                    + "username step. Treating it as matched", context.getRealm().getName(), rule);
            verdict = new Verdict(true, "user not known yet", config.reportOnly());
        } else {
            List<String> unknown = new ArrayList<>(0);
            Optional<String> why = config.appliesTo().match(context.getSession(), context.getRealm(), user,
                    context.getAuthenticationSession().getClient(), unknown);
            if (!unknown.isEmpty()) {
                LOG.warnf("Realm %s: %s names %s, which do not exist", context.getRealm().getName(), rule, unknown);
            }
            verdict = new Verdict(why.isPresent(), why.orElse("not a listed user, group, role or app"), config.reportOnly());
        }
        return MatchedRules.conclude(context, new MatchedRules.Match(rule, verdict.reason(), MatchedRules.Kind.OTHER), verdict);
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
