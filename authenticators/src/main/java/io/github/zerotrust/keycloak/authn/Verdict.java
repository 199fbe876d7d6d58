package io.github.zerotrust.keycloak.authn;

/**
 * What a condition decides about one sign-in, before report-only is applied: the same value for a
 * real sign-in and for a What-If question, so the two cannot disagree.
 *
 * @param matched    whether the rule's condition holds
 * @param reason     why, for events and admins
 * @param reportOnly whether the rule only records what it would do
 */
public record Verdict(boolean matched, String reason, boolean reportOnly) {

    /** Whether the flow acts on it: matched and not report-only. */
    public boolean acts() {
        return matched && !reportOnly;
    }
}
