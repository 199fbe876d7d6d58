package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.risk.RiskSettings;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.Authenticator;
import io.github.zerotrust.keycloak.authn.signin.ZeroTrustAuthenticatorFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class RiskAssessmentFactory extends ZeroTrustAuthenticatorFactory {

    public static final String ID = "zt-risk-assessment";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Zero Trust - assess sign-in risk";
    }

    @Override
    public String getHelpText() {
        return "Scores the sign-in 0-100 from its signals (new device, new country, impossible travel, unusual hour, "
                + "failure velocity, anonymising networks) and records the score, level and reasons in the event. "
                + "Place it at the top level after the sign-in sub-flow; use 'Condition - risk level' after it.";
    }

    /** The screen shows the core's defaults, so the two cannot drift apart. */
    private static final Map<String, String> DEFAULTS = RiskSettings.defaultText();

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(RiskSettings.WEIGHT_NEW_DEVICE).label("Weight: new device").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_NEW_DEVICE)).helpText("Points (0-100) for a browser this user has not fully signed in with before. 0 switches the signal off.").add()
                .property().name(RiskSettings.WEIGHT_NEW_COUNTRY).label("Weight: new country").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_NEW_COUNTRY)).helpText("Points for a country not in the user's history.").add()
                .property().name(RiskSettings.WEIGHT_IMPOSSIBLE_TRAVEL).label("Weight: impossible travel").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_IMPOSSIBLE_TRAVEL)).helpText("Points when the distance from the last sign-in over the time since is faster than the maximum speed.").add()
                .property().name(RiskSettings.WEIGHT_UNUSUAL_HOUR).label("Weight: unusual hour").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_UNUSUAL_HOUR)).add()
                .property().name(RiskSettings.WEIGHT_FAILURE_VELOCITY).label("Weight: failure velocity").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_FAILURE_VELOCITY)).add()
                .property().name(RiskSettings.WEIGHT_ANONYMISING_NETWORK).label("Weight: anonymising or hosting network").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_ANONYMISING_NETWORK)).add()
                .property().name(RiskSettings.WEIGHT_DEVICE_THREAT).label("Weight: device threat").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.WEIGHT_DEVICE_THREAT))
                .helpText("Points when the device's own security tooling reports a threat at or above the minimum below.").add()
                .property().name(RiskSettings.DEVICE_THREAT_MINIMUM).label("Device threat: from level").type(ProviderConfigProperty.LIST_TYPE)
                .options("low", "medium", "high").defaultValue(DEFAULTS.get(RiskSettings.DEVICE_THREAT_MINIMUM)).add()
                .property().name(RiskSettings.THRESHOLD_MEDIUM).label("Medium risk from score").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.THRESHOLD_MEDIUM)).add()
                .property().name(RiskSettings.THRESHOLD_HIGH).label("High risk from score").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.THRESHOLD_HIGH)).add()
                .property().name(RiskSettings.TRAVEL_MAX_SPEED_KMH).label("Impossible travel: maximum speed (km/h)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.TRAVEL_MAX_SPEED_KMH)).add()
                .property().name(RiskSettings.TRAVEL_MIN_DISTANCE_KM).label("Impossible travel: ignore distances below (km)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.TRAVEL_MIN_DISTANCE_KM)).add()
                .property().name(RiskSettings.TRAVEL_UNKNOWN_ACCURACY_KM).label("Impossible travel: accuracy of locations without radius (km)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.TRAVEL_UNKNOWN_ACCURACY_KM))
                .helpText("Databases without an accuracy radius (DB-IP Lite, ip-location-db) give a city's coordinates; "
                        + "they are taken as accurate to this many km (0-1000). 0: exact.").add()
                .property().name(RiskSettings.TRAVEL_SAME_COUNTRY_KM).label("Impossible travel: ignore hops within one country up to (km)")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.TRAVEL_SAME_COUNTRY_KM))
                .helpText("ISPs place one customer in different cities of the country; such hops up to this distance "
                        + "(after the accuracies) never count as travel (0-5000). 0: no allowance.").add()
                .property().name(RiskSettings.TRAVEL_SAME_ASN_EXEMPT).label("Impossible travel: ignore within the same network (ASN)").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.TRAVEL_SAME_ASN_EXEMPT)).add()
                .property().name(RiskSettings.TRAVEL_EXCEPTION_ZONES).label("Impossible travel: exception zones").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated zone names, e.g. your VPN egress: sign-ins from them never count as travel.").add()
                .property().name(RiskSettings.HOUR_MODE).label("Unusual hour").type(ProviderConfigProperty.LIST_TYPE)
                .options("learned", "window", "off").defaultValue(DEFAULTS.get(RiskSettings.HOUR_MODE))
                .helpText("'learned': outside the hours the user usually signs in (once the history holds the sign-ins below); "
                        + "'window': outside the working hours below.").add()
                .property().name(RiskSettings.HOUR_MIN_LEARNED_HISTORY).label("Unusual hour: sign-ins before learning")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HOUR_MIN_LEARNED_HISTORY))
                .helpText("How many past sign-ins 'learned' needs before it judges an hour (1-200).").add()
                .property().name(RiskSettings.HOUR_DAYS).label("Working days").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HOUR_DAYS)).add()
                .property().name(RiskSettings.HOUR_START).label("Working hours start").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HOUR_START)).add()
                .property().name(RiskSettings.HOUR_END).label("Working hours end").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HOUR_END)).add()
                .property().name(RiskSettings.HOUR_ZONE).label("Time zone").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HOUR_ZONE))
                .helpText("e.g. Europe/London").add()
                .property().name(RiskSettings.FAILURE_USER_THRESHOLD).label("Failed sign-ins per user").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.FAILURE_USER_THRESHOLD)).add()
                .property().name(RiskSettings.FAILURE_ADDRESS_THRESHOLD).label("Failed sign-ins per address").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.FAILURE_ADDRESS_THRESHOLD)).add()
                .property().name(RiskSettings.FAILURE_WINDOW_MINUTES).label("Failure window (minutes)").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.FAILURE_WINDOW_MINUTES)).add()
                .property().name(RiskSettings.ANONYMISER_ASNS).label("Anonymiser ASNs").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated AS numbers of VPN and anonymiser services.").add()
                .property().name(RiskSettings.HOSTING_ASNS).label("Hosting ASNs").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated AS numbers of cloud and hosting providers.").add()
                .property().name(RiskSettings.HISTORY_SIZE).label("History size per user").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HISTORY_SIZE)).add()
                .property().name(RiskSettings.HISTORY_RETENTION_DAYS).label("History retention (days)").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULTS.get(RiskSettings.HISTORY_RETENTION_DAYS)).add()
                .property().name(RiskSettings.HISTORY_HASH_ADDRESSES).label("Store addresses as keyed hashes").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(DEFAULTS.get(RiskSettings.HISTORY_HASH_ADDRESSES)).add()
                .property().name(RiskStepConfig.ALERT_LEVEL).label("Alert from level").type(ProviderConfigProperty.LIST_TYPE)
                .options("high", "medium").defaultValue(RiskStepConfig.DEFAULT_ALERT_LEVEL.name().toLowerCase(java.util.Locale.ROOT)).add()
                .property().name(RiskStepConfig.EMAIL_GROUP).label("Alert e-mail group").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Path of a group (e.g. /it-admins) whose members with a verified e-mail get each alert, "
                        + "through the realm's e-mail settings. Empty: no e-mail.").add()
                .property().name(RiskStepConfig.WEBHOOK_URL).label("Alert webhook URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("JSON POST for each sign-in at or above the alert level. Empty: no webhook.").add()
                .property().name(RiskStepConfig.WEBHOOK_SECRET).label("Alert webhook secret").type(ProviderConfigProperty.PASSWORD)
                .helpText("Signs each body: header X-Zero-Trust-Signature: sha256=<HMAC-SHA256 hex>. Put the secret in the server's "
                        + "vault as " + WebhookSecret.VAULT_KEY + " and enter " + WebhookSecret.VAULT_REFERENCE
                        + " here (no other vault key is read). A secret typed here still works but is stored in plain text.").secret(true).add()
                .build();
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return RiskAssessment.SINGLETON;
    }
}
