package io.github.zerotrust.keycloak.it.harness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 codes for a Keycloak OTP credential (HmacSHA1, 6 digits, 30 s), as an authenticator app makes them: for
 * the tests and the load drivers. Keycloak keys the HMAC with the stored secret's UTF-8 bytes.
 */
public final class Totp {

    /** Keycloak's default OTP period, in seconds. */
    public static final int PERIOD_SECONDS = 30;

    private Totp() {
    }

    /** The time step (counter) of an instant given in epoch milliseconds. */
    public static long counterAt(long epochMillis) {
        return epochMillis / 1000 / PERIOD_SECONDS;
    }

    /** The code of the current time step. */
    public static String now(String secret) {
        return at(secret, counterAt(System.currentTimeMillis()));
    }

    /** The code of one time step. */
    public static String at(String secret, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
