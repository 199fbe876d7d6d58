package io.github.zerotrust.keycloak.policy;

/** What an enforcing step does when its verdict applies. Conditions have none: they run their sub-flow. */
public sealed interface Action permits Action.Deny, Action.StepUp, Action.Restrict, Action.OfferEnrolment {

    /**
     * Refuse the sign-in with this message (a message key of the refusal page).
     *
     * @param rules the rules the refusal acts on (those that matched before a deny step); empty: the step's own
     */
    record Deny(String messageKey, java.util.List<String> rules) implements Action {
        public Deny {
            rules = java.util.List.copyOf(rules);
        }
    }

    /** Ask for at least this level of authentication; {@code strength} is its name in {@code acr.loa.map}. */
    record StepUp(int level, String strength) implements Action {
    }

    /** Let in with a restricted session. */
    record Restrict() implements Action {
    }

    /** Show the "set up a second factor" page with the days left. */
    record OfferEnrolment(long daysLeft) implements Action {
    }
}
