package io.github.zerotrust.keycloak.elevation;

import java.util.List;
import java.util.Objects;

/**
 * A refused elevation step, with its stable {@link Refusal} id. Unchecked, because records refuse invalid state
 * in their constructors; the glue catches it at its edge and answers 400/403/409 with {@link #reason()}. The
 * problems never echo text a user typed, so they are safe in logs and events.
 */
public final class ElevationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Refusal reason;
    private final List<String> problems;

    public ElevationException(Refusal reason, String problem) {
        this(reason, List.of(problem));
    }

    public ElevationException(Refusal reason, List<String> problems) {
        super(reason.id() + ": " + String.join("; ", problems));
        this.reason = Objects.requireNonNull(reason, "reason");
        this.problems = List.copyOf(problems);
    }

    public Refusal reason() {
        return reason;
    }

    /** For {@link Refusal#INVALID_ELIGIBILITY} one entry per problem, each starting with the field's name. */
    public List<String> problems() {
        return problems;
    }
}
