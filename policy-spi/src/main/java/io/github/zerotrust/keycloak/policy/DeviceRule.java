package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.Map;

/**
 * {@code Condition - device compliant} and {@code Condition - device managed}: match on what the device
 * step found, by default when the device is <em>not</em> compliant (or managed), so a sub-flow "condition,
 * then remediation page" refuses it. Without a device step earlier in the flow the failing side matches.
 */
public final class DeviceRule {

    /** @param matchFailing match the device that fails (default) rather than the one that passes */
    public record Settings(boolean matchFailing, boolean reportOnly) implements StepSettings {

        public static final String MATCH = "match";
        public static final String REPORT_ONLY = "report_only";
        /** The failing side of each device condition, its default: the condition guards what to do about it. */
        public static final Map<String, String> DEFAULT_TEXT_COMPLIANT = Map.of(MATCH, "not-compliant", REPORT_ONLY, "false");
        public static final Map<String, String> DEFAULT_TEXT_MANAGED = Map.of(MATCH, "unmanaged", REPORT_ONLY, "false");

        public static Settings parse(Map<String, String> config) {
            ConfigMap in = ConfigMap.of(config);
            String match = in.text(MATCH, "");
            return new Settings(!(match.equals("compliant") || match.equals("managed")), in.flag(REPORT_ONLY, false));
        }
    }

    private DeviceRule() {
    }

    static Verdict compliant(SignIn signIn, Settings settings) {
        return judge(signIn, settings, true);
    }

    static Verdict managed(SignIn signIn, Settings settings) {
        return judge(signIn, settings, false);
    }

    private static Verdict judge(SignIn signIn, Settings settings, boolean compliance) {
        if (signIn.device().isEmpty()) {
            return Verdict.of(settings.matchFailing(), Reason.NO_DEVICE_STEP, "misconfigured: no device step before this condition");
        }
        DeviceFinding device = signIn.device().get();
        boolean passes = compliance ? device.allowsAccess() : device.trust().atLeast(DeviceTrust.MANAGED);
        String detail = "device " + device.trust().claimValue() + (passes ? "" : " (" + device.failureIds() + ")");
        return Verdict.of(settings.matchFailing() != passes, passes ? Reason.DEVICE_PASSES : Reason.DEVICE_FAILS, detail);
    }
}
