package io.github.zerotrust.keycloak.elevation;

import java.util.Objects;
import java.util.Optional;

/**
 * An approver's answer that came back through an approval channel (a chat or ticketing tool), once the channel has
 * proven it. It is taken like an answer on the approvals page: the same rules decide whether it counts.
 *
 * @param id       the sender's id of this decision, unique per decision: a second message with it is a replay
 * @param approver the approver's username in the realm, as the tool vouches for it
 * @param comment  why; required for a denial
 */
public record Decision(String id, RecordId request, boolean approve, String approver, Optional<String> comment) {

    /** Longer than any id a tool gives; keeps the replay store's keys small. */
    public static final int MAX_ID_LENGTH = 100;

    public Decision {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(comment, "comment");
        if (!FreeText.isName(id, MAX_ID_LENGTH) || !FreeText.isName(approver, Principal.MAX_ID_LENGTH)) {
            throw new IllegalArgumentException("A decision has an id of 1 to " + MAX_ID_LENGTH
                    + " printable characters and names its approver.");
        }
    }
}
