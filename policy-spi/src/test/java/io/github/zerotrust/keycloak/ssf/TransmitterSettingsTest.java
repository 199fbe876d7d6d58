package io.github.zerotrust.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.signals.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransmitterSettingsTest {

    static final String HASH = "ab".repeat(32);

    static Map<String, Object> input() {
        Map<String, Object> input = new HashMap<>();
        input.put("issuer", "https://partner.example");
        input.put("jwksUri", "https://partner.example/jwks");
        input.put("audience", "home");
        return input;
    }

    @Test
    void defaultsAreTenMinutesAndEveryMappedTrigger() {
        TransmitterSettings settings = TransmitterSettings.fromInput("partner", input(), null, HASH);
        assertThat(settings.maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.triggers()).isEqualTo(SsfEvents.MAPPED_TRIGGERS);
    }

    @Test
    void aTransmitterMayBeLimitedToSomeTriggers() {
        Map<String, Object> input = input();
        input.put("triggers", List.of("session-revoked"));
        TransmitterSettings settings = TransmitterSettings.fromInput("partner", input, null, HASH);
        assertThat(settings.mayCause(Trigger.SESSION_REVOKED)).isTrue();
        assertThat(settings.mayCause(Trigger.USER_DISABLED)).isFalse();
    }

    @Test
    void aContainmentIsNeverATransmittersToCause() {
        Map<String, Object> input = input();
        input.put("triggers", List.of("contain-user"));
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, HASH))
                .hasMessageContaining("'contain-user' is not a trigger a transmitter can cause");
    }

    @Test
    void everyProblemIsListed() {
        Map<String, Object> input = new HashMap<>();
        input.put("issuer", "not a uri");
        input.put("jwksUri", "ftp://partner.example/jwks");
        input.put("jwks", Map.of("keys", List.of()));
        input.put("maxAgeSeconds", 5);
        input.put("colour", "blue");
        assertThatThrownBy(() -> TransmitterSettings.fromInput("Bad Alias", input, "{\"keys\":[]}", HASH))
                .hasMessageContaining("alias").hasMessageContaining("'issuer'").hasMessageContaining("'jwksUri'")
                .hasMessageContaining("exactly one of").hasMessageContaining("'audience' is required")
                .hasMessageContaining("maxAgeSeconds").hasMessageContaining("Unknown field 'colour'");
    }

    @Test
    void anIssuerThatRendersOneWayAndComparesAnotherIsRefused() {
        for (String issuer : new String[] {"https://partner.example\u202e", "\ufeffhttps://partner.example", "https://partner.example/ x"}) {
            Map<String, Object> input = input();
            input.put("issuer", issuer);
            assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, HASH)).hasMessageContaining("'issuer'");
        }
    }

    @Test
    void theStoredFormReadsBackAndTheViewNeverShowsTheSecretsHash() {
        Map<String, Object> input = input();
        input.remove("jwksUri");
        input.put("jwks", Map.of("keys", List.of()));
        input.put("maxAgeSeconds", 120);
        TransmitterSettings settings = TransmitterSettings.fromInput("partner", input, "{\"keys\":[]}", HASH);
        assertThat(TransmitterSettings.fromStored("partner", settings.toStored())).contains(settings);
        assertThat(settings.toView()).doesNotContainKey(TransmitterSettings.SECRET_SHA256).doesNotContainValue(HASH);
    }

    @Test
    void aStoredRecordThatDoesNotReadIsEmpty() {
        assertThat(TransmitterSettings.fromStored("partner", Map.of("issuer", "https://x"))).isEmpty();
    }
}
