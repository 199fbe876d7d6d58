package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.config.ConfigMap;
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
    static final RiskLevel DEFAULT_ALERT_LEVEL = RiskLevel.HIGH;

    static RiskStepConfig parse(Map<String, String> config) {
        return new RiskStepConfig(RiskSettings.parse(config), webhook(config),
                WebhookSecret.parse(ConfigMap.of(config).text(WEBHOOK_SECRET, "")),
                RiskLevel.parse(ConfigMap.of(config).text(ALERT_LEVEL, "high")).orElse(DEFAULT_ALERT_LEVEL),
                Optional.ofNullable(ConfigMap.of(config).text(EMAIL_GROUP, null)).filter(g -> g.length() <= 255));
    }

    private static Optional<URI> webhook(Map<String, String> config) {
        String url = ConfigMap.of(config).text(WEBHOOK_URL, null);
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
