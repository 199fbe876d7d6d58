package io.github.zerotrust.keycloak.authn.elevation.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.elevation.Decision;
import io.github.zerotrust.keycloak.elevation.TicketVerdict;
import io.github.zerotrust.keycloak.elevation.WebhookSignature;
import io.github.zerotrust.keycloak.spi.DecisionRefused;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What outside tools send back to the elevation extensions: the signed-webhook channel's decision (its two headers and
 * its body) and the HTTP ticket check's answer. A decision or DecisionRefused {@code unreadable-decision}; a signature
 * check's verdict; a ticket verdict; never an exception. A ticket is open only on a 200 whose field is true.
 */
public final class ApprovalToolAnswersFuzzTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @FuzzTest(maxDuration = "2s")
    void readsAnyAnswerToAVerdictOrARefusal(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0 -> decision(data.consumeRemainingAsBytes());
            case 1 -> signature(data.consumeString(40), data.consumeString(90), data.consumeBoolean(), data.consumeRemainingAsBytes());
            default -> ticket(data.consumeInt(100, 599), data.consumeBoolean(), data.consumeString(40), data.consumeRemainingAsBytes());
        }
    }

    private static void decision(byte[] body) {
        try {
            Decision decision = SignedWebhookChannel.parse(body);
            assertThat(decision.id()).isNotBlank();
            assertThat(decision.approver()).isNotBlank();
        } catch (DecisionRefused refused) {
            assertThat(refused.reason()).isEqualTo("unreadable-decision");
        }
    }

    private static void signature(String timestamp, String signature, boolean signed, byte[] body) {
        if (signed) {
            // A body signed with the secret at a time within the tolerance verifies, whatever its bytes.
            long at = NOW.getEpochSecond() - 60;
            assertThat(WebhookSignature.verify(SECRET, " " + at + " ", WebhookSignature.sign(SECRET, at, body), body, NOW))
                    .isEqualTo(WebhookSignature.Check.VALID);
        }
        WebhookSignature.Check check = WebhookSignature.verify(SECRET, timestamp, signature, body, NOW);
        assertThat(check).isNotNull();
    }

    private static void ticket(int status, boolean oversized, String openField, byte[] body) {
        TicketVerdict verdict = HttpTicketCheck.verdict(new OutboundCall.Answer(status, body, oversized), openField);
        if (status == 404) {
            assertThat(verdict).isEqualTo(TicketVerdict.NOT_OPEN);
        } else if (status != 200 || oversized) {
            assertThat(verdict).isEqualTo(TicketVerdict.UNAVAILABLE);
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new ApprovalToolAnswersFuzzTest().readsAnyAnswerToAVerdictOrARefusal(data);
    }
}
