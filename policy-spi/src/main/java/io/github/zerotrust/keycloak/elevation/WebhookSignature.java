package io.github.zerotrust.keycloak.elevation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on messages between the suite and an approval tool, both ways: HMAC-SHA256 with the shared secret
 * over {@code <timestamp>.<body>}, sent as {@code X-Zero-Trust-Timestamp: <epoch seconds>} and
 * {@code X-Zero-Trust-Signature: sha256=<hex>}. The timestamp is signed, so an old message cannot be given a new
 * time; one older (or later) than {@link #TOLERANCE} is refused, and the receiver keeps the ids it has seen for that
 * long, so a message inside the window cannot be played twice.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Zero-Trust-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Zero-Trust-Signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String PREFIX = "sha256=";
    /** A shorter secret is guessable offline from one signed message. */
    public static final int MIN_SECRET_BYTES = 16;

    public enum Check { VALID, MISSING, MALFORMED, STALE, BAD_SIGNATURE }

    private WebhookSignature() {
    }

    /** The signature header's value for {@code body} sent at {@code timestamp}. */
    public static String sign(byte[] secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    /** Whether a message is signed with {@code secret}, at a time within {@link #TOLERANCE} of {@code now}. */
    public static Check verify(byte[] secret, String timestampHeader, String signatureHeader, byte[] body, Instant now) {
        if (timestampHeader == null || signatureHeader == null) {
            return Check.MISSING;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return Check.MALFORMED;
        }
        String signature = signatureHeader.strip();
        if (!signature.startsWith(PREFIX) || signature.length() != PREFIX.length() + 64) {
            return Check.MALFORMED;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Check.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return Check.STALE;
        }
        return MessageDigest.isEqual(mac(secret, timestamp, body), given) ? Check.VALID : Check.BAD_SIGNATURE;
    }

    private static byte[] mac(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("Every Java runtime provides HmacSHA256", impossible);
        }
    }
}
