package io.github.zerotrust.keycloak.risk;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sign-in happens at a time the user does not usually work: outside a configured working-hours
 * window, or outside the hours the user's own history shows. Local time is always taken in the
 * configured zone, so summer time moves the window with the office clocks.
 */
public final class UnusualHour implements Signal {

    public static final String NAME = "unusual-hour";

    public enum Mode {
        /** The signal never fires. */
        OFF,
        /** Fires outside the configured days and hours. */
        WINDOW,
        /** Fires at an hour not within one hour of any hour in the user's history. */
        LEARNED;

        static Optional<Mode> parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "off" -> Optional.of(OFF);
                case "window" -> Optional.of(WINDOW);
                case "learned" -> Optional.of(LEARNED);
                default -> Optional.empty();
            };
        }
    }

    /**
     * @param days              working days, for {@link Mode#WINDOW}
     * @param start             start of working hours, inclusive
     * @param end               end of working hours, exclusive; before {@code start} means the window
     *                          runs past midnight into the next day, equal to it means all day
     * @param zone              where local time is read, for both modes
     * @param minLearnedHistory how many past sign-ins {@link Mode#LEARNED} needs before it judges
     */
    public record Settings(Mode mode, Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone,
                           int minLearnedHistory) {

        public static final Settings DEFAULTS = new Settings(Mode.LEARNED,
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(7, 0), LocalTime.of(19, 0),
                ZoneId.of("UTC"), 10);

        public Settings {
            Objects.requireNonNull(mode, "mode");
            days = days == null || days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(zone, "zone");
            if (minLearnedHistory < 1) {
                throw new IllegalArgumentException("Learning needs at least one past sign-in.");
            }
        }
    }

    private static final int HOURS_PER_DAY = 24;
    private static final int ALL_HOURS = (1 << HOURS_PER_DAY) - 1;

    private final Settings settings;

    UnusualHour(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        return switch (settings.mode()) {
            case OFF -> Optional.empty();
            case WINDOW -> outsideWindow(facts.at());
            case LEARNED -> outsideLearnedHours(facts);
        };
    }

    private Optional<RiskReason> outsideWindow(Instant at) {
        LocalDateTime local = LocalDateTime.ofInstant(at, settings.zone());
        if (inWindow(local)) {
            return Optional.empty();
        }
        return Optional.of(RiskReason.of(NAME, String.format(Locale.ROOT, "%s %02d:%02d %s, outside working hours %s %s-%s",
                shortName(local.getDayOfWeek()), local.getHour(), local.getMinute(), settings.zone().getId(),
                days(), settings.start(), settings.end())));
    }

    private boolean inWindow(LocalDateTime local) {
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        LocalTime start = settings.start();
        LocalTime end = settings.end();
        if (start.equals(end)) {
            return settings.days().contains(day);
        }
        if (start.isBefore(end)) {
            return settings.days().contains(day) && !time.isBefore(start) && time.isBefore(end);
        }
        // A night shift belongs to the day it starts on.
        return settings.days().contains(day) && !time.isBefore(start)
                || settings.days().contains(day.minus(1)) && time.isBefore(end);
    }

    private Optional<RiskReason> outsideLearnedHours(SignInFacts facts) {
        if (facts.history().size() < settings.minLearnedHistory()) {
            return Optional.empty();
        }
        int seen = 0;
        for (PastSignIn past : facts.history()) {
            seen |= 1 << localHour(past.at());
        }
        // One hour either side, so a summer-time shift or a slightly early start is not unusual.
        int usual = seen | rotate(seen, 1) | rotate(seen, HOURS_PER_DAY - 1);
        int hour = localHour(facts.at());
        if ((usual & (1 << hour)) != 0) {
            return Optional.empty();
        }
        return Optional.of(RiskReason.of(NAME, String.format(Locale.ROOT,
                "%02d:00-%02d:59 %s is not among the user's usual hours", hour, hour, settings.zone().getId())));
    }

    private int localHour(Instant at) {
        long local = at.getEpochSecond() + settings.zone().getRules().getOffset(at).getTotalSeconds();
        return (int) (Math.floorMod(local, 86_400L) / 3_600);
    }

    private static int rotate(int hours, int by) {
        return ((hours << by) | (hours >>> (HOURS_PER_DAY - by))) & ALL_HOURS;
    }

    private String days() {
        return settings.days().stream().sorted().map(UnusualHour::shortName).collect(Collectors.joining(","));
    }

    private static String shortName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
