package io.github.zerotrust.keycloak.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.device.ComplianceBaseline;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.fido.AuthenticatorPolicy;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings an admin types into step screens and realm attributes, read by the core's typed
 * records, which promise never to throw: any key of theirs with any value; and the assessment note
 * read back from an authentication session.
 */
class SettingsFuzzTest {

    private static final List<String> KEYS = List.of(
            RiskSettings.WEIGHT_NEW_DEVICE, RiskSettings.THRESHOLD_MEDIUM, RiskSettings.THRESHOLD_HIGH,
            RiskSettings.TRAVEL_MAX_SPEED_KMH, RiskSettings.TRAVEL_MIN_DISTANCE_KM, RiskSettings.TRAVEL_UNKNOWN_ACCURACY_KM,
            RiskSettings.TRAVEL_SAME_COUNTRY_KM, RiskSettings.TRAVEL_EXCEPTION_ZONES, RiskSettings.HOUR_MODE,
            RiskSettings.HOUR_DAYS, RiskSettings.HOUR_START, RiskSettings.HOUR_END, RiskSettings.HOUR_ZONE,
            RiskSettings.ANONYMISER_ASNS, RiskSettings.HOSTING_ASNS, RiskSettings.DEVICE_THREAT_MINIMUM,
            RiskSettings.HISTORY_RETENTION_DAYS, RiskSettings.FAILURE_WINDOW_MINUTES,
            "zt.fido.allowed-aaguids", "zt.fido.denied-aaguids", "zt.fido.require-attestation",
            "zt.fido.minimum-certification-level", "zt.fido.refuse-compromised", "zt.fido.require-metadata");

    @FuzzTest(maxDuration = "1s")
    void readsAnySettingsWithoutThrowing(FuzzedDataProvider data) {
        Map<String, String> config = new HashMap<>();
        for (int i = data.consumeInt(0, 12); i > 0; i--) {
            String key = data.consumeBoolean() ? data.pickValue(KEYS) : data.consumeString(40);
            config.put(key, data.consumeString(200));
        }
        String note = data.consumeRemainingAsString();

        RiskSettings.parse(config);
        AuthenticatorPolicy.read(config);
        ComplianceBaseline.read(config);
        ElevationSettings.read(config);
        Assessment.fromNote(note);
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new SettingsFuzzTest().readsAnySettingsWithoutThrowing(data);
    }
}
