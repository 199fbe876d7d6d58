package io.github.zerotrust.keycloak.authn.elevation.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.elevation.Decision;
import io.github.zerotrust.keycloak.spi.DecisionRefused;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an approval tool may send back: one small, exact JSON object; anything else is refused unread. */
class SignedWebhookChannelTest {

    static final String REQUEST = "6f1d2c3b-4a5e-4f60-8a7b-9c8d7e6f5a4b";

    static Decision parse(String json) throws DecisionRefused {
        return SignedWebhookChannel.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsADecisionWithItsApproverAndComment() throws DecisionRefused {
        Decision decision = parse("{\"id\": \"chat-77\", \"request\": \"" + REQUEST + "\", \"decision\": \"deny\","
                + " \"approver\": \"ana\", \"comment\": \"not during the freeze\"}");

        assertThat(decision.id()).isEqualTo("chat-77");
        assertThat(decision.request().toString()).isEqualTo(REQUEST);
        assertThat(decision.approve()).isFalse();
        assertThat(decision.approver()).isEqualTo("ana");
        assertThat(decision.comment()).isEqualTo(Optional.of("not during the freeze"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "not json",
            "{\"id\": \"x\", \"request\": \"" + REQUEST + "\", \"decision\": \"approve\"}",
            "{\"id\": \"x\", \"request\": \"" + REQUEST + "\", \"decision\": \"maybe\", \"approver\": \"ana\"}",
            "{\"id\": \"x\", \"request\": \"1' OR '1'='1\", \"decision\": \"approve\", \"approver\": \"ana\"}",
            "{\"id\": \"x\", \"request\": \"" + REQUEST + "\", \"decision\": \"approve\", \"approver\": \"ana\", \"admin\": true}",
            "{\"id\": 7, \"request\": \"" + REQUEST + "\", \"decision\": \"approve\", \"approver\": \"ana\"}",
            "{\"id\": \"x\", \"request\": \"" + REQUEST + "\", \"decision\": \"approve\", \"approver\": \"ana\", \"comment\": 5}",
            "{\"id\": \"x\u0007\", \"request\": \"" + REQUEST + "\", \"decision\": \"approve\", \"approver\": \"ana\"}",
            "{\"id\": \"x\", \"id\": \"y\", \"request\": \"" + REQUEST + "\", \"decision\": \"approve\", \"approver\": \"ana\"}"
    })
    void anythingElseIsAnUnreadableDecision(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(DecisionRefused.class)
                .satisfies(e -> assertThat(((DecisionRefused) e).reason()).isEqualTo("unreadable-decision"));
    }
}
