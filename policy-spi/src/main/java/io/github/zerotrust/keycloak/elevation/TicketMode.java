package io.github.zerotrust.keycloak.elevation;

import java.util.Locale;
import java.util.Optional;

/** Whether an activation names a ticket (a change or incident reference) of the admin's ticketing system. */
public enum TicketMode {
    /** Tickets are not asked for; one given anyway is dropped. */
    NONE,
    /** A ticket may be given; if given, it must be well-formed. */
    OPTIONAL,
    REQUIRED;

    /** {@code none}, {@code optional}, {@code required}, in any case. */
    public static Optional<TicketMode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (TicketMode mode : values()) {
            if (mode.name().equals(t)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
