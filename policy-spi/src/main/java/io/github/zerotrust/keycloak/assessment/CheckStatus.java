package io.github.zerotrust.keycloak.assessment;

import java.util.Locale;

/**
 * A check's outcome. {@code PASS} earns the check's whole weight, {@code PARTIAL} half of it, {@code FAIL} nothing;
 * {@code NOT_APPLICABLE} (nothing to judge, or not assessed yet) leaves the check out of the score altogether, so a
 * realm is neither rewarded nor punished for what it does not have.
 */
public enum CheckStatus {
    PASS(1.0), PARTIAL(0.5), FAIL(0.0), NOT_APPLICABLE(0.0);

    private final double credit;

    CheckStatus(double credit) {
        this.credit = credit;
    }

    /** The share of the check's weight it earns. */
    double credit() {
        return credit;
    }

    boolean counts() {
        return this != NOT_APPLICABLE;
    }

    /** The stable text form: {@code pass}, {@code partial}, {@code fail}, {@code not-applicable}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
