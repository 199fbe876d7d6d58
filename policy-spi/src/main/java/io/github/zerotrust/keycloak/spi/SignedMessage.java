package io.github.zerotrust.keycloak.spi;

import java.util.Objects;
import org.keycloak.models.RealmModel;

/**
 * A message a channel sent back, as it arrived: the body's bytes and the headers that prove it.
 *
 * @param timestamp the sender's {@code X-Zero-Trust-Timestamp} (epoch seconds), or null
 * @param signature the sender's {@code X-Zero-Trust-Signature} ({@code sha256=<hex>}), or null
 */
public record SignedMessage(RealmModel realm, String timestamp, String signature, byte[] body) {

    public SignedMessage {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(body, "body");
    }
}
