package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.ClientAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an address is written into the sign-in history: its canonical text, or, when the admin
 * chose privacy, a keyed hash that still tells "same address" from "different address" but cannot
 * be reversed by hashing all 2^32 IPv4 addresses without the key.
 */
public final class AddressKey {

    /** 22 base64url characters: 132 bits, far beyond any chance of two addresses colliding. */
    static final int HASH_LENGTH = 22;
    static final int MIN_KEY_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private AddressKey(SecretKeySpec key) {
        this.key = key;
    }

    /** Stores addresses as their canonical text. */
    public static AddressKey plain() {
        return new AddressKey(null);
    }

    /** Stores {@code HMAC-SHA256(key, canonical text)}, base64url, first 22 characters. */
    public static AddressKey hashed(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("An address hashing key has at least " + MIN_KEY_BYTES + " bytes.");
        }
        return new AddressKey(new SecretKeySpec(key.clone(), ALGORITHM));
    }

    public String of(ClientAddress address) {
        if (key == null) {
            return address.canonical();
        }
        try {
            // A Mac is not thread-safe, and a fresh one is cheap next to a sign-in.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(address.canonical().getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, HASH_LENGTH);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("Every Java runtime provides HmacSHA256", impossible);
        }
    }

    public boolean isHashed() {
        return key != null;
    }
}
