package io.github.zerotrust.keycloak.elevation;

import java.util.Objects;

/**
 * Who an eligibility is for: one user, or every member of a group. Ids are Keycloak's (a UUID, or
 * {@code f:<provider>:<name>} for federated users), hence only a length limit and no control characters.
 */
public record Principal(Type type, String id) {

    public enum Type { USER, GROUP }

    public static final int MAX_ID_LENGTH = 255;

    public Principal {
        Objects.requireNonNull(type, "type");
        if (!FreeText.isName(id, MAX_ID_LENGTH)) {
            throw new IllegalArgumentException("A user or group id is 1 to " + MAX_ID_LENGTH + " printable characters.");
        }
    }

    public static Principal user(String userId) {
        return new Principal(Type.USER, userId);
    }

    public static Principal group(String groupId) {
        return new Principal(Type.GROUP, groupId);
    }

    /** Whether this names the actor, or one of the actor's groups. */
    public boolean includes(Actor actor) {
        return type == Type.USER ? id.equals(actor.userId()) : actor.groupIds().contains(id);
    }
}
