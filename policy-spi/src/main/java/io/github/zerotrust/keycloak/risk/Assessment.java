package io.github.zerotrust.keycloak.risk;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of assessing one sign-in: a 0-100 score, its level and the reasons behind it, in the
 * order the signals ran. The shell keeps it in the authentication session as {@link #toNote()} and
 * writes it to events under the {@code EVENT_*} keys.
 */
public record Assessment(int score, RiskLevel level, List<RiskReason> reasons, Instant at) {

    public static final String EVENT_SCORE = "zt_risk_score";
    public static final String EVENT_LEVEL = "zt_risk_level";
    public static final String EVENT_REASONS = "zt_risk_reasons";

    // Bumped whenever the note format changes, so an old note in a live session reads as absent.
    private static final String NOTE_VERSION = "zt1";
    private static final int MAX_NOTE_LENGTH = 8_000;
    private static final int MAX_REASONS = 32;

    public Assessment {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("A risk score is 0 to 100, not " + score + ".");
        }
        Objects.requireNonNull(level, "level");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(at, "at");
    }

    /** The reason names, comma-separated and in order, e.g. {@code new-device,new-country}; empty when none. */
    public String reasonNames() {
        StringBuilder names = new StringBuilder();
        for (RiskReason reason : reasons) {
            if (!names.isEmpty()) {
                names.append(',');
            }
            names.append(reason.signal());
        }
        return names.toString();
    }

    /** A compact text that {@link #fromNote} reads back to an equal assessment. */
    public String toNote() {
        StringBuilder note = new StringBuilder(64).append(NOTE_VERSION).append(';').append(score).append(';')
                .append(level.name()).append(';').append(at);
        for (RiskReason reason : reasons) {
            note.append(';').append(reason.signal()).append(':').append(reason.weight()).append(':')
                    .append(URLEncoder.encode(reason.detail(), StandardCharsets.UTF_8));
        }
        return note.toString();
    }

    /** Reads a note written by {@link #toNote()}; anything else, including null, is empty. */
    public static Optional<Assessment> fromNote(String note) {
        if (note == null || note.length() > MAX_NOTE_LENGTH) {
            return Optional.empty();
        }
        String[] fields = note.split(";", -1);
        if (fields.length < 4 || fields.length > 4 + MAX_REASONS || !NOTE_VERSION.equals(fields[0])) {
            return Optional.empty();
        }
        try {
            int score = Integer.parseInt(fields[1]);
            Optional<RiskLevel> level = RiskLevel.parse(fields[2]).filter(parsed -> parsed.name().equals(fields[2]));
            Instant at = Instant.parse(fields[3]);
            List<RiskReason> reasons = new ArrayList<>(fields.length - 4);
            for (int i = 4; i < fields.length; i++) {
                String[] parts = fields[i].split(":", -1);
                if (parts.length != 3) {
                    return Optional.empty();
                }
                reasons.add(new RiskReason(parts[0], URLDecoder.decode(parts[2], StandardCharsets.UTF_8),
                        Integer.parseInt(parts[1])));
            }
            return level.map(parsed -> new Assessment(score, parsed, reasons, at));
        } catch (IllegalArgumentException | DateTimeParseException malformed) {
            // NumberFormatException is an IllegalArgumentException, as are our own range checks.
            return Optional.empty();
        }
    }
}
