package io.github.zerotrust.keycloak.assessment;

import java.util.Locale;

/** The roadmap stages a check belongs to: foundation (the first three months), intermediate (to nine), advanced (to eighteen). */
public enum Stage {
    FOUNDATION, INTERMEDIATE, ADVANCED;

    /** The stable text form in answers and stored history. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
