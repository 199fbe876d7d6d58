package io.github.zerotrust.keycloak.it.support;

import java.nio.charset.StandardCharsets;

/** RFC 6238 codes for a Keycloak OTP credential (HmacSHA1, 6 digits, 30 s), as an authenticator app makes them. */
public final class Totp {

    private Totp() {
    }

    /**
     * The code for the secret Keycloak shows on its "set up an authenticator" page: Base32, in groups of four (the
     * UTF-8 bytes of the stored secret, which is what the HMAC is keyed with).
     */
    public static String fromShownSecret(String shown) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = shown.replace(" ", "").replace("=", "").toUpperCase(java.util.Locale.ROOT);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                bytes.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return now(bytes.toString(StandardCharsets.UTF_8));
    }

    /** Keycloak keys the HMAC with the stored secret's UTF-8 bytes. */
    public static String now(String secret) {
        return io.github.zerotrust.keycloak.it.harness.Totp.now(secret);
    }
}
