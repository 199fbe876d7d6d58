package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.ssf.SecurityEventToken;
import io.github.zerotrust.keycloak.ssf.SetRefused;
import io.github.zerotrust.keycloak.ssf.SsfEvents;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.time.Instant;
import java.util.Map;

/**
 * The claims of a pushed SET, as any JSON a transmitter (or an attacker with its key) could sign: accepted with one
 * event from the transmitter's issuer for its audience, or refused with an RFC 8935 code; never another exception.
 */
class SecurityEventTokenFuzzTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final TransmitterSettings PARTNER = TransmitterSettings.fromInput("partner",
            Map.of("issuer", "https://partner.example", "jwksUri", "https://partner.example/jwks", "audience", "home"),
            null, "0".repeat(64));

    @FuzzTest(maxDuration = "1s")
    void anyClaimsAreASetOrARefusal(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        Map<String, Object> claims;
        try {
            claims = JsonFormat.lenient().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (Exception notJson) {
            return;
        }
        if (claims == null) {
            return;
        }
        try {
            SecurityEventToken set = SecurityEventToken.check(claims, PARTNER, NOW);
            assertThat(claims.get("iss")).isEqualTo("https://partner.example");
            assertThat(set.jti()).isNotBlank();
            assertThat(SsfEvents.meaning(set.eventType(), set.event())).isNotNull();
            set.subject().ifPresent(s -> {
                s.person();
                s.sessionId();
                s.deviceId();
            });
        } catch (SetRefused refused) {
            assertThat(refused.error()).isNotNull();
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new SecurityEventTokenFuzzTest().anyClaimsAreASetOrARefusal(data);
    }
}
