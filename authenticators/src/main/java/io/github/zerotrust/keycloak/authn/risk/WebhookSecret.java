package io.github.zerotrust.keycloak.authn.risk;

import java.util.Optional;

/**
 * How alert bodies are signed, from {@code zt.alert.webhook-secret}: not at all (empty); with the realm's vault
 * secret {@value #VAULT_KEY}, named by the one reference {@value #VAULT_REFERENCE}; or, as in earlier releases,
 * with a secret typed into the step's settings, which then sits in the realm's database and exports in plain
 * text (still signed, with a warning in the log).
 *
 * <p>Any other vault reference is refused and the webhook is not called: the signature is an HMAC keyed with the
 * secret, so a realm admin who could name any vault key would have the server's other secrets (an SMTP password,
 * an identity provider's client secret) used as that key and could test guesses of them against the signatures
 * his own receiver gets.
 *
 * @param source where the key comes from
 * @param plain  the secret itself, for {@link Source#PLAIN} only; never logged
 */
record WebhookSecret(Source source, String plain) {

    /** The one vault key read: file {@code <realm>_zt-alert-webhook-secret} in a file vault. */
    static final String VAULT_KEY = "zt-alert-webhook-secret";
    static final String VAULT_REFERENCE = "${vault." + VAULT_KEY + "}";
    static final WebhookSecret NONE = new WebhookSecret(Source.NONE, "");

    enum Source {
        /** No secret: alerts go unsigned. */
        NONE,
        /** {@value WebhookSecret#VAULT_REFERENCE}: the realm's vault secret, read at each alert. */
        VAULT,
        /** A secret typed into the settings: works, with a warning. */
        PLAIN,
        /** Another vault key: refused, nothing is sent. */
        OTHER_VAULT_KEY
    }

    WebhookSecret {
        plain = source == Source.PLAIN ? plain : "";
    }

    static WebhookSecret parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        if (text.equals(VAULT_REFERENCE)) {
            return new WebhookSecret(Source.VAULT, "");
        }
        // Keycloak's vault expression; "${vault." and a key in any spelling reaches the vault, so any of them is refused.
        if (text.strip().startsWith("${vault.")) {
            return new WebhookSecret(Source.OTHER_VAULT_KEY, "");
        }
        return new WebhookSecret(Source.PLAIN, text);
    }

    /** What is wrong with the setting, for the log; empty when nothing is. */
    Optional<String> problem() {
        return switch (source) {
            case NONE, VAULT -> Optional.empty();
            case PLAIN -> Optional.of(RiskStepConfig.WEBHOOK_SECRET + " holds the secret in plain text (readable in the realm's "
                    + "database and exports); put it in the vault as " + VAULT_KEY + " and set " + VAULT_REFERENCE);
            case OTHER_VAULT_KEY -> Optional.of(RiskStepConfig.WEBHOOK_SECRET + " names another vault key; only "
                    + VAULT_REFERENCE + " is read, so the webhook is not called");
        };
    }

    @Override
    public String toString() {
        // A record would print the secret.
        return "WebhookSecret[" + source + "]";
    }
}
