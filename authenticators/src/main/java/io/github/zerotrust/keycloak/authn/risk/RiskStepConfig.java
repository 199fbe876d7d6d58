package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.policy.ConfigValues;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import io.github.zerotrust.keycloak.risk.RiskSettings;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of {@code Zero Trust - assess sign-in risk}: the risk model ({@link RiskSettings}, keys
 * {@code zt.risk.*}) and where alerts go (keys {@code zt.alert.*}).
 *
 * @param webhook       where high-risk alerts are POSTed, if anywhere (http or https only)
 * @param webhookSecret what signs each alert body (HMAC-SHA256, header {@code X-Zero-Trust-Signature}): nothing, the
 *                      realm's vault secret {@value WebhookSecret#VAULT_KEY}, or a secret typed in (see {@link WebhookSecret})
 * @param alertLevel    the lowest level that raises an alert
 * @param emailGroup    the path of the group whose members are e-mailed each alert, e.g. {@code /it-admins}
 */
record RiskStepConfig(RiskSettings risk, Optional<URI> webhook, WebhookSecret webhookSecret, RiskLevel alertLevel,
                      Optional<String> emailGroup) {

    static final String WEBHOOK_URL = "zt.alert.webhook-url";
    static final String WEBHOOK_SECRET = "zt.alert.webhook-secret";
    static final String ALERT_LEVEL = "zt.alert.level";
    static final String EMAIL_GROUP = "zt.alert.email-group";

    static RiskStepConfig parse(Map<String, String> config) {
        return new RiskStepConfig(RiskSettings.parse(config), webhook(config),
                WebhookSecret.parse(ConfigValues.string(config, WEBHOOK_SECRET, "")),
                RiskLevel.parse(ConfigValues.string(config, ALERT_LEVEL, "high")).orElse(RiskLevel.HIGH),
                Optional.ofNullable(ConfigValues.string(config, EMAIL_GROUP, null)).filter(g -> g.length() <= 255));
    }

    private static Optional<URI> webhook(Map<String, String> config) {
        String url = ConfigValues.string(config, WEBHOOK_URL, null);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(url);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
