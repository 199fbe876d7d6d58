package io.github.zerotrust.keycloak.authn.deny;

import io.github.zerotrust.keycloak.authn.ConfigValues;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of {@code Zero Trust - deny access}.
 *
 * @param message       which explanation the user sees; AUTO picks it from the rule that matched
 * @param customMessage an admin's own text instead (plain text, at most 500 characters)
 */
record DenyAccessConfig(Message message, String customMessage) {

    static final String MESSAGE = "message";
    static final String CUSTOM_MESSAGE = "custom_message";
    static final int MAX_CUSTOM_MESSAGE = 500;

    enum Message {
        AUTO("auto", null),
        COUNTRY("country", "ztDeniedCountry"),
        NETWORK("network", "ztDeniedNetwork"),
        RISK("risk", "ztDeniedRisk"),
        GENERIC("generic", "ztDeniedGeneric");

        final String configValue;
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

    static DenyAccessConfig parse(Map<String, String> config) {
        String custom = ConfigValues.string(config, CUSTOM_MESSAGE, null);
        if (custom != null && custom.length() > MAX_CUSTOM_MESSAGE) {
            custom = custom.substring(0, MAX_CUSTOM_MESSAGE);
        }
        return new DenyAccessConfig(Message.parse(ConfigValues.string(config, MESSAGE, "auto")), custom);
    }
}
