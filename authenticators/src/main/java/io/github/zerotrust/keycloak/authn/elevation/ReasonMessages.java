package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Refusal;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The theme message that explains a reason id to a person, on the activation and approvals pages:
 * {@code ztReason} and the id in camel case ({@code step-up-required} → {@code ztReasonStepUpRequired}), in every
 * shipped language ({@code messages_*.properties}); an id without a message gets {@code ztReasonOther}.
 */
final class ReasonMessages {

    static final String OTHER = "ztReasonOther";

    /** Every reason a person can meet: the core's refusals and the shell's own. */
    static final Set<String> REASONS = reasons();

    private ReasonMessages() {
    }

    private static Set<String> reasons() {
        Set<String> reasons = new TreeSet<>();
        Arrays.stream(Refusal.values()).map(Refusal::id).forEach(reasons::add);
        reasons.add(Activations.ALREADY_ACTIVE);
        reasons.add(Activations.ALREADY_HELD);
        return Set.copyOf(reasons);
    }

    static String key(String reason) {
        if (reason == null || !REASONS.contains(reason)) {
            return OTHER;
        }
        StringBuilder key = new StringBuilder("ztReason");
        for (String word : reason.split("-")) {
            key.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return key.toString();
    }
}
