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

    static Map<String, Object> pollInput() {
        Map<String, Object> input = input();
        input.put("delivery", "poll");
        input.put("pollUrl", "https://partner.example/ssf/poll");
        input.put("tokenUrl", "https://partner.example/token");
        input.put("clientId", "home");
        input.put("clientSecret", "s3cret-value");
        input.put("scope", "ssf.read");
        return input;
    }

    @Test
    void anExistingTransmitterWithoutADeliveryIsPush() {
        TransmitterSettings settings = TransmitterSettings.fromStored("partner", Map.of("issuer", "https://partner.example",
                "jwksUri", "https://partner.example/jwks", "audience", "home", "pushSecretSha256", HASH)).orElseThrow();
        assertThat(settings.isPolled()).isFalse();
        assertThat(settings.secretSha256()).isEqualTo(HASH);
        assertThat(settings.toView()).containsEntry("delivery", "push");
    }

    @Test
    void pollDefaultsAreThirtySecondsAndAHundredSets() {
        TransmitterSettings settings = TransmitterSettings.fromInput("partner", pollInput(), null, null);
        assertThat(settings.isPolled()).isTrue();
        assertThat(settings.poll().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.poll().maxEvents()).isEqualTo(100);
        assertThat(settings.secretSha256()).as("nothing may push as a poll transmitter").isNull();
    }

    @Test
    void aPollTransmitterNeverHasAPushSecretEvenIfOneIsHandedIn() {
        assertThat(TransmitterSettings.fromInput("partner", pollInput(), null, HASH).secretSha256()).isNull();
    }

    @Test
    void thePollSecretsAreStoredButNeverInTheView() {
        Map<String, Object> bearer = input();
        bearer.put("delivery", "poll");
        bearer.put("pollUrl", "https://partner.example/ssf/poll");
        bearer.put("bearerToken", "${vault.partner-token}");
        for (TransmitterSettings settings : List.of(TransmitterSettings.fromInput("partner", pollInput(), null, null),
                TransmitterSettings.fromInput("partner", bearer, null, null))) {
            assertThat(TransmitterSettings.fromStored("partner", settings.toStored())).contains(settings);
            assertThat(settings.toView()).doesNotContainKeys("clientSecret", "bearerToken")
                    .doesNotContainValue("s3cret-value").doesNotContainValue("${vault.partner-token}");
            assertThat(settings.toString()).doesNotContain("s3cret-value").doesNotContain("vault.partner-token");
        }
        assertThat(TransmitterSettings.fromInput("partner", pollInput(), null, null).toView())
                .containsEntry("authentication", "client-credentials").containsEntry("scope", "ssf.read");
        assertThat(TransmitterSettings.fromInput("partner", bearer, null, null).toView()).containsEntry("authentication", "bearer");
    }

    @Test
    void pollFieldsAreRefusedForAPushTransmitter() {
        Map<String, Object> input = input();
        input.put("pollUrl", "https://partner.example/ssf/poll");
        input.put("maxEvents", 10);
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, HASH))
                .hasMessageContaining("'pollUrl' is for poll delivery only").hasMessageContaining("'maxEvents' is for poll delivery only");
    }

    @Test
    void anUnknownDeliveryIsRefused() {
        Map<String, Object> input = input();
        input.put("delivery", "carrier-pigeon");
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, HASH))
                .hasMessageContaining("'delivery' must be \"push\"");
    }

    @Test
    void aPollTransmitterNeedsAPollUrlAndAWayToAuthenticate() {
        Map<String, Object> input = input();
        input.put("delivery", "poll");
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, null))
                .hasMessageContaining("'pollUrl' is required").hasMessageContaining("needs client credentials");
    }

    @Test
    void clientCredentialsAndABearerTokenTogetherAreRefused() {
        Map<String, Object> input = pollInput();
        input.put("bearerToken", "token");
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, null)).hasMessageContaining("not both");
    }

    @Test
    void incompleteClientCredentialsAreRefused() {
        Map<String, Object> input = pollInput();
        input.remove("clientSecret");
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, null))
                .hasMessageContaining("Client credentials need");
    }

    @Test
    void everyBadPollValueIsListed() {
        Map<String, Object> input = pollInput();
        input.put("pollUrl", "ftp://partner.example/poll");
        input.put("tokenUrl", "https://user:pw@partner.example/token");
        input.put("scope", "ssf.read  \"x\"");
        input.put("clientSecret", " padded ");
        input.put("pollIntervalSeconds", 0);
        input.put("maxEvents", 1001);
        assertThatThrownBy(() -> TransmitterSettings.fromInput("partner", input, null, null))
                .hasMessageContaining("'pollUrl' must be an http(s) URL").hasMessageContaining("'tokenUrl' must be an http(s) URL")
                .hasMessageContaining("'scope' must be").hasMessageContaining("'clientSecret' must be")
                .hasMessageContaining("'pollIntervalSeconds' must be a whole number of seconds from 1 to 3600")
                .hasMessageContaining("'maxEvents' must be a whole number of SETs from 1 to 1000");
    }

    @Test
    void theLimitsThemselvesAreAccepted() {
        Map<String, Object> input = pollInput();
        input.put("pollIntervalSeconds", 3600);
        input.put("maxEvents", 1000);
        TransmitterSettings settings = TransmitterSettings.fromInput("partner", input, null, null);
        assertThat(settings.poll().interval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.poll().maxEvents()).isEqualTo(1000);
        input.put("pollIntervalSeconds", 1);
        input.put("maxEvents", 1);
        assertThat(TransmitterSettings.fromInput("partner", input, null, null).poll().maxEvents()).isEqualTo(1);
    }
}
