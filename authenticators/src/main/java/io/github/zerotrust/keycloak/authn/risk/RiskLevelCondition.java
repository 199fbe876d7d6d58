package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.Verdict;
import io.github.zerotrust.keycloak.risk.Assessment;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Matches when the assessed risk is at or above a level. No assessment in the flow fails closed. */
final class RiskLevelCondition implements ConditionalAuthenticator {

    static final RiskLevelCondition SINGLETON = new RiskLevelCondition();

    private static final Logger LOG = Logger.getLogger(RiskLevelCondition.class);
    private final ParsedConfig<RiskLevelConditionConfig> configs = new ParsedConfig<>(RiskLevelConditionConfig::parse);

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        RiskLevelConditionConfig config = configs.of(context.getAuthenticatorConfig());
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), RiskLevelConditionFactory.DISPLAY_TYPE);
        Verdict verdict = verdict(config, Assessment.fromNote(context.getAuthenticationSession().getAuthNote(RiskAssessment.NOTE)));
        if (verdict.reason().equals(NO_ASSESSMENT)) {
            LOG.warnf("Realm %s: %s found no risk assessment; place 'Zero Trust - assess sign-in risk' before it. "
                    + "Treating it as matched", context.getRealm().getName(), rule);
        }
        return MatchedRules.conclude(context, new MatchedRules.Match(rule, verdict.reason(), MatchedRules.Kind.RISK), verdict);
    }

    static final String NO_ASSESSMENT = "no risk assessment in this flow";

    /** The decision as a plain function, shared with What-If. */
    static Verdict verdict(RiskLevelConditionConfig config, Optional<Assessment> assessment) {
        if (assessment.isEmpty()) {
            return new Verdict(true, NO_ASSESSMENT, config.reportOnly());
        }
        Assessment a = assessment.get();
        return new Verdict(a.level().atLeast(config.level()), "risk " + a.level().name().toLowerCase(Locale.ROOT) + " ("
                + a.score() + ": " + (a.reasonNames().isEmpty() ? "no signals" : a.reasonNames()) + ")", config.reportOnly());
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
