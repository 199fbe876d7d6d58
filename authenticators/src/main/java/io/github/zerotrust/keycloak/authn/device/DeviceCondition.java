package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.MatchedRules;
import io.github.zerotrust.keycloak.authn.ParsedConfig;
import io.github.zerotrust.keycloak.authn.Verdict;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Matches on the device verdict of {@code Zero Trust - check device}: by default when the device is
 * <em>not</em> compliant (or not managed), so a sub-flow "condition, then remediation page" refuses it.
 * No device step earlier in the flow fails closed: the failing side matches.
 */
final class DeviceCondition implements ConditionalAuthenticator {

    enum Kind { COMPLIANT, MANAGED }

    static final String MATCH = "match";
    static final String REPORT_ONLY = "report_only";
    static final String NO_DEVICE_STEP = "misconfigured: no device step before this condition";

    record Config(boolean matchFailing, boolean reportOnly) {
        static Config parse(Map<String, String> config) {
            String match = config.getOrDefault(MATCH, "");
            return new Config(!(match.equals("compliant") || match.equals("managed")),
                    Boolean.parseBoolean(config.getOrDefault(REPORT_ONLY, "false")));
        }
    }

    private static final Logger LOG = Logger.getLogger(DeviceCondition.class);

    private final Kind kind;
    private final String fallbackName;
    private final ParsedConfig<Config> configs = new ParsedConfig<>(Config::parse);

    DeviceCondition(Kind kind, String fallbackName) {
        this.kind = kind;
        this.fallbackName = fallbackName;
    }

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        Config config = configs.of(context.getAuthenticatorConfig());
        String rule = MatchedRules.ruleName(context.getAuthenticatorConfig(), fallbackName);
        Verdict verdict = verdict(kind, config, DeviceSignIn.of(context.getAuthenticationSession()));
        if (verdict.reason().equals(NO_DEVICE_STEP)) {
            LOG.warnf("Realm %s: %s found no device verdict; place 'Zero Trust - check device' before it",
                    context.getRealm().getName(), rule);
        }
        return MatchedRules.conclude(context, new MatchedRules.Match(rule, verdict.reason(), MatchedRules.Kind.OTHER), verdict);
    }

    static Verdict verdict(Kind kind, Config config, Optional<DeviceSignIn> signIn) {
        if (signIn.isEmpty()) {
            return new Verdict(config.matchFailing(), NO_DEVICE_STEP, config.reportOnly());
        }
        DeviceSignIn s = signIn.get();
        boolean passes = kind == Kind.COMPLIANT ? s.allowsAccess() : s.deviceTrust().atLeast(DeviceTrust.MANAGED);
        String reason = "device " + s.trust() + (passes ? "" : " (" + s.failureIds() + ")");
        return new Verdict(config.matchFailing() != passes, reason, config.reportOnly());
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
