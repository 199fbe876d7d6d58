package io.github.zerotrust.keycloak.authn.ssf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The bearer secret a transmitter's pushes carry: 256 random bits, answered once when the transmitter is created (or
 * the secret rotated); only its SHA-256 is stored. A fast hash is enough for a random secret of that size (there is no
 * dictionary to try), and comparing hashes in constant time tells an attacker nothing about how close a guess came.
 */
final class PushSecret {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Compared against when the alias is unknown, so that a wrong alias costs as much as a wrong secret. */
    static final String NOBODY = sha256("no transmitter has this secret");

    private PushSecret() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code authorization} ({@code Bearer <secret>}) carries the secret whose hash is {@code expectedSha256}. */
    static boolean matches(String authorization, String expectedSha256) {
        String presented = "";
        if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.length() < 1024) {
            presented = authorization.substring(7).strip();
        }
        byte[] got = sha256(presented).getBytes(StandardCharsets.US_ASCII);
        byte[] want = expectedSha256.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(got, want) && !presented.isEmpty();
    }
}
