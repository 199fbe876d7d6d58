package io.github.zerotrust.keycloak.risk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Why a sign-in looks risky: the signal that fired, a short explanation for the admin and the
 * auditor, and the weight it added to the score. The detail never holds an address or a
 * coordinate; country codes, ASNs and local times are as far as it goes. A detail longer than
 * {@value #MAX_DETAIL_LENGTH} characters is cut, so a note or event never grows without bound.
 */
public record RiskReason(String signal, String detail, int weight) {

    static final Pattern SIGNAL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    public static final int MAX_DETAIL_LENGTH = 200;

    public RiskReason {
        if (signal == null || !SIGNAL_NAME.matcher(signal).matches()) {
            throw new IllegalArgumentException("A signal name is lower-case letters, digits and '-', not '"
                    + signal + "'.");
        }
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL_LENGTH) {
            detail = detail.substring(0, MAX_DETAIL_LENGTH);
        }
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("A weight is 0 to 100, not " + weight + ".");
        }
    }

    /** A reason as a signal reports it; the scorer adds the weight. */
    static RiskReason of(String signal, String detail) {
        return new RiskReason(signal, detail, 0);
    }

    RiskReason withWeight(int weight) {
        return new RiskReason(signal, detail, weight);
    }
}
