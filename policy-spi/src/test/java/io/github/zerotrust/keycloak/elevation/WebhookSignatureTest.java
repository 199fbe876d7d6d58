package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature both sides of an approval tool put on their messages: body and time signed together. */
class WebhookSignatureTest {

    static final byte[] SECRET = "a-shared-secret-of-32-characters".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"id\":\"d-1\",\"decision\":\"approve\"}".getBytes(StandardCharsets.UTF_8);
    static final Instant NOW = Instant.parse("2026-06-10T10:00:00Z");

    static String signedAt(Instant at, byte[] body) {
        return WebhookSignature.sign(SECRET, at.getEpochSecond(), body);
    }

    @Test
    void aMessageSignedWithTheSecretNowIsValid() {
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW.getEpochSecond()), signedAt(NOW, BODY), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.VALID);
        assertThat(signedAt(NOW, BODY)).startsWith("sha256=").hasSize(7 + 64);
    }

    @Test
    void aChangedBodyAnotherSecretOrAnotherTimeDoNotVerify() {
        String signature = signedAt(NOW, BODY);
        String time = Long.toString(NOW.getEpochSecond());
        byte[] changed = "{\"id\":\"d-1\",\"decision\":\"deny\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.verify(SECRET, time, signature, changed, NOW)).isEqualTo(WebhookSignature.Check.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify("another-secret-of-32-characters!".getBytes(StandardCharsets.UTF_8), time,
                signature, BODY, NOW)).isEqualTo(WebhookSignature.Check.BAD_SIGNATURE);
        // The time is signed too: an old message cannot be given a fresh timestamp.
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW.getEpochSecond() + 1), signature, BODY, NOW))
                .isEqualTo(WebhookSignature.Check.BAD_SIGNATURE);
    }

    @Test
    void aMessageOlderOrLaterThanTheToleranceIsStale() {
        Instant old = NOW.minus(WebhookSignature.TOLERANCE).minusSeconds(1);
        Instant future = NOW.plus(WebhookSignature.TOLERANCE).plusSeconds(1);
        Instant edge = NOW.minus(WebhookSignature.TOLERANCE);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(old.getEpochSecond()), signedAt(old, BODY), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.STALE);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(future.getEpochSecond()), signedAt(future, BODY), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.STALE);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(edge.getEpochSecond()), signedAt(edge, BODY), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.VALID);
        assertThat(WebhookSignature.TOLERANCE).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void missingOrMalformedHeadersAreRefusedBeforeAnyComparison() {
        String time = Long.toString(NOW.getEpochSecond());
        assertThat(WebhookSignature.verify(SECRET, null, signedAt(NOW, BODY), BODY, NOW)).isEqualTo(WebhookSignature.Check.MISSING);
        assertThat(WebhookSignature.verify(SECRET, time, null, BODY, NOW)).isEqualTo(WebhookSignature.Check.MISSING);
        assertThat(WebhookSignature.verify(SECRET, "yesterday", signedAt(NOW, BODY), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, time, "sha1=abc", BODY, NOW)).isEqualTo(WebhookSignature.Check.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, time, "sha256=" + "zz".repeat(32), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, "99999999999999999999", signedAt(NOW, BODY), BODY, NOW))
                .isEqualTo(WebhookSignature.Check.MALFORMED);
    }
}
