package io.github.zerotrust.keycloak.elevation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks for: a role, for how long from now, why, and under which ticket. As typed: the
 * {@link ActivationPolicy} checks and cleans it; an {@link Activation} carries the cleaned form.
 *
 * @param justification null is the same as empty
 */
public record ActivationRequest(RoleRef role, Duration duration, String justification, Optional<String> ticket) {

    public ActivationRequest {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(duration, "duration");
        justification = justification == null ? "" : justification;
        Objects.requireNonNull(ticket, "ticket");
    }

    public static ActivationRequest of(RoleRef role, Duration duration, String justification) {
        return new ActivationRequest(role, duration, justification, Optional.empty());
    }

    public ActivationRequest withTicket(String ticket) {
        return new ActivationRequest(role, duration, justification, Optional.ofNullable(ticket));
    }
}
