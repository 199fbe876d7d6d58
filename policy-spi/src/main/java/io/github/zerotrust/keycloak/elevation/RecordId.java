package io.github.zerotrust.keycloak.elevation;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The id of an eligibility, a request or an elevation: a UUID, and nothing else. Ids arrive in REST paths, so a
 * tampered or mistyped one is refused here, before any lookup (which the glue also scopes to the realm and
 * the user). Stricter than {@link UUID#fromString}, which accepts short groups such as {@code 1-2-3-4-5}.
 */
public record RecordId(UUID uuid) {

    private static final int[] DASHES = {8, 13, 18, 23};

    public RecordId {
        Objects.requireNonNull(uuid, "uuid");
    }

    /** Exactly 36 characters, 8-4-4-4-12 hexadecimal digits in any case; no surrounding white space. */
    public static Optional<RecordId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        for (int i = 0, dash = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (dash < DASHES.length && i == DASHES[dash]) {
                if (c != '-') {
                    return Optional.empty();
                }
                dash++;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return Optional.empty();
            }
        }
        return Optional.of(new RecordId(UUID.fromString(text)));
    }

    /** Like {@link #parse}, refusing with {@link Refusal#MALFORMED_ID}; the message does not echo the value. */
    public static RecordId of(String text) {
        return parse(text).orElseThrow(() -> new ElevationException(Refusal.MALFORMED_ID, "an id is a UUID"));
    }

    public static RecordId random() {
        return new RecordId(UUID.randomUUID());
    }

    /** Lower case, as stored. */
    @Override
    public String toString() {
        return uuid.toString();
    }
}
