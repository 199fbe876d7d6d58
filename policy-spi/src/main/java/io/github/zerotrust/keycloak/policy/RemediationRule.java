package io.github.zerotrust.keycloak.policy;

import java.util.Map;
import java.util.Optional;

/**
 * {@code Zero Trust - device remediation page}: refuses the sign-in of the device its sub-flow's condition
 * matched, with every check it fails.
 */
public final class RemediationRule {

    /** The page has no settings. */
    public record Settings() implements StepSettings {
        public static Settings parse(Map<String, String> config) {
            return new Settings();
        }
    }

    private RemediationRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        DeviceFinding device = signIn.device()
                .orElseGet(() -> DeviceFinding.unknown(Optional.of("no device step before the remediation page")));
        return Verdict.acts(new Action.Deny("ztDeviceRemediation",
                signIn.matched().stream().map(MatchedRule::rule).distinct().toList()), Reason.DEVICE_REFUSED, device.failureTexts());
    }
}
