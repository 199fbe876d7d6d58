package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code Zero Trust - deny access}: refuses the sign-in, naming the rules that matched before it (the
 * conditions of its sub-flow) and picking the message for the kind of the first of them.
 */
public final class DenyRule {

    /**
     * @param message       which explanation the user sees; AUTO picks it from the rule that matched
     * @param customMessage an admin's own text as well (plain text, at most 500 characters), or null
     */
    public record Settings(Message message, String customMessage) implements StepSettings {

        public static final String MESSAGE = "message";
        public static final String CUSTOM_MESSAGE = "custom_message";
        public static final int MAX_CUSTOM_MESSAGE = 500;
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(MESSAGE, "auto");

        public static Settings parse(Map<String, String> config) {
            String custom = ConfigMap.of(config).text(CUSTOM_MESSAGE, null);
            if (custom != null && custom.length() > MAX_CUSTOM_MESSAGE) {
                custom = custom.substring(0, MAX_CUSTOM_MESSAGE);
            }
            return new Settings(Message.parse(ConfigMap.of(config).text(MESSAGE, DEFAULT_TEXT.get(MESSAGE))), custom);
        }
    }

    public enum Message {
        AUTO("auto", null),
        COUNTRY("country", "ztDeniedCountry"),
        NETWORK("network", "ztDeniedNetwork"),
        RISK("risk", "ztDeniedRisk"),
        GENERIC("generic", "ztDeniedGeneric");

        public final String configValue;
        final String messageKey;

        Message(String configValue, String messageKey) {
            this.configValue = configValue;
            this.messageKey = messageKey;
        }

        static Message parse(String value) {
            for (Message m : values()) {
                if (m.configValue.equals(value.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            return AUTO;
        }
    }

    private DenyRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        List<MatchedRule> matched = signIn.matched();
        String detail = matched.isEmpty() ? "deny step reached"
                : matched.stream().map(MatchedRule::reason).collect(Collectors.joining("; "));
        List<String> rules = matched.stream().map(MatchedRule::rule).distinct().toList();
        return Verdict.acts(new Action.Deny(messageKeyFor(settings.message(), matched), rules), Reason.DENY_REACHED, detail);
    }

    /** The message for the first rule that matched, unless the admin chose one. */
    static String messageKeyFor(Message configured, List<MatchedRule> matches) {
        Message message = configured;
        if (message == Message.AUTO) {
            RuleKind kind = matches.isEmpty() ? RuleKind.OTHER : matches.get(0).kind();
            message = switch (kind) {
                case COUNTRY -> Message.COUNTRY;
                case NETWORK -> Message.NETWORK;
                case RISK -> Message.RISK;
                case OTHER -> Message.GENERIC;
            };
        }
        return message.messageKey;
    }
}
