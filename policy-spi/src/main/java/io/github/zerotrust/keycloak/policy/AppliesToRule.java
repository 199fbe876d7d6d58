package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Condition - users, groups, roles or apps}: matches sign-ins of chosen groups, roles or apps. A
 * group or role rule that runs before the user is known matches (fail closed): the stricter branch runs
 * rather than letting someone through unchecked.
 */
public final class AppliesToRule {

    public record Settings(AppliesTo appliesTo, boolean reportOnly) implements StepSettings {

        public static final String REPORT_ONLY = "zt.applies-to.report-only";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(REPORT_ONLY, "false");

        public static Settings parse(Map<String, String> config) {
            return new Settings(AppliesTo.read(config), ConfigMap.of(config).flag(REPORT_ONLY, Boolean.parseBoolean(DEFAULT_TEXT.get(REPORT_ONLY))));
        }
    }

    private AppliesToRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        if (signIn.who().isEmpty() && settings.appliesTo().needsUser()) {
            return Verdict.of(true, Reason.USER_NOT_KNOWN, "user not known yet");
        }
        List<String> unknown = new ArrayList<>(0);
        Optional<String> why = settings.appliesTo().match(signIn, unknown);
        return Verdict.of(why.isPresent(), why.isPresent() ? Reason.APPLIES : Reason.DOES_NOT_APPLY,
                why.orElse("not a listed user, group, role or app")).withWarning(settings.appliesTo().warning(unknown));
    }
}
