package io.github.zerotrust.keycloak.device;

import java.util.List;
import java.util.Objects;

/**
 * One failed {@link Check}, said three ways: the check's stable {@link Check#id() id} for events and
 * conditions, a message key with its arguments for the themed remediation page, and an English text
 * for events and logs ({@code macOS 13.1 is below the required 14.0}). No personal data: the texts
 * name versions, levels and ages, never the device or its user.
 *
 * @param messageKey {@link Check#failedKey()}, {@link Check#notReportedKey()} or
 *                   {@link Check#POSTURE_FROM_FUTURE_KEY}
 * @param arguments  the values the message shows, in order (such as {@code ["macOS", "13.1", "14.0"]})
 */
public record Failure(Check check, String messageKey, List<String> arguments, String text) {

    public Failure {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(messageKey, "messageKey");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(text, "text");
    }

    static Failure of(Check check, String text, String... arguments) {
        return new Failure(check, check.failedKey(), List.of(arguments), text);
    }

    static Failure notReported(Check check, String... arguments) {
        return new Failure(check, check.notReportedKey(), List.of(arguments), check.notReportedText());
    }

    /** The fact was not reported (or unreadable): the device did not show it passes. */
    public boolean notReported() {
        return messageKey.equals(check.notReportedKey());
    }

    /** Whether the grace period may let this failure through: a known, fixable setting only. */
    public boolean graceable() {
        return check.graceable() && messageKey.equals(check.failedKey());
    }

    /** {@code disk-encryption: Disk encryption is off}, the form events and logs carry. */
    @Override
    public String toString() {
        return check.id() + ": " + text;
    }
}
