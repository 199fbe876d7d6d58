package io.github.zerotrust.keycloak.risk;

import java.util.Optional;

/** One thing that makes a sign-in look risky, judged on the facts alone. */
public interface Signal {

    /** The reason name in events and notes, e.g. {@code new-country}; never changes once released. */
    String name();

    /** A reason (weight 0; the scorer weighs it) when the signal fires, empty when it does not. */
    Optional<RiskReason> evaluate(SignInFacts facts);
}
