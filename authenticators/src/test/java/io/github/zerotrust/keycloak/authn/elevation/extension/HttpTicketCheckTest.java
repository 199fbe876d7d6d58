package io.github.zerotrust.keycloak.authn.elevation.extension;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.elevation.TicketVerdict;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the ticketing system's answer becomes a verdict: only a clear "open" lets an activation on. */
class HttpTicketCheckTest {

    static OutboundCall.Answer answer(int status, String body) {
        return new OutboundCall.Answer(status, body.getBytes(StandardCharsets.UTF_8), false);
    }

    @Test
    void anOpenTicketIsOpenAndAClosedOrMissingOneIsNot() {
        assertThat(HttpTicketCheck.verdict(answer(200, "{\"open\": true, \"title\": \"INC-1\"}"), "open")).isEqualTo(TicketVerdict.OPEN);
        assertThat(HttpTicketCheck.verdict(answer(200, "{\"open\": false}"), "open")).isEqualTo(TicketVerdict.NOT_OPEN);
        assertThat(HttpTicketCheck.verdict(answer(404, ""), "open")).isEqualTo(TicketVerdict.NOT_OPEN);
        assertThat(HttpTicketCheck.verdict(answer(200, "{\"active\": true}"), "active")).isEqualTo(TicketVerdict.OPEN);
    }

    @Test
    void anyOtherAnswerFailsClosed() {
        assertThat(HttpTicketCheck.verdict(answer(500, "{\"open\": true}"), "open")).isEqualTo(TicketVerdict.UNAVAILABLE);
        assertThat(HttpTicketCheck.verdict(answer(302, ""), "open")).isEqualTo(TicketVerdict.UNAVAILABLE);
        assertThat(HttpTicketCheck.verdict(answer(200, "{\"open\": \"yes\"}"), "open")).isEqualTo(TicketVerdict.UNAVAILABLE);
        assertThat(HttpTicketCheck.verdict(answer(200, "{}"), "open")).isEqualTo(TicketVerdict.UNAVAILABLE);
        assertThat(HttpTicketCheck.verdict(answer(200, "<html>"), "open")).isEqualTo(TicketVerdict.UNAVAILABLE);
        assertThat(HttpTicketCheck.verdict(new OutboundCall.Answer(200, "{\"open\": true".getBytes(StandardCharsets.UTF_8), true),
                "open")).isEqualTo(TicketVerdict.UNAVAILABLE);
    }
}
