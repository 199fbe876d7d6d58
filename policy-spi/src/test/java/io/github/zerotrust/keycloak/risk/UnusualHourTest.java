package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnusualHourTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static UnusualHour window(Set<DayOfWeek> days, String start, String end, ZoneId zone) {
        return new UnusualHour(new UnusualHour.Settings(UnusualHour.Mode.WINDOW, days, LocalTime.parse(start),
                LocalTime.parse(end), zone, 10));
    }

    private static UnusualHour learned(ZoneId zone, int minHistory) {
        return new UnusualHour(new UnusualHour.Settings(UnusualHour.Mode.LEARNED, WEEKDAYS, LocalTime.of(7, 0),
                LocalTime.of(19, 0), zone, minHistory));
    }

    private static boolean unusual(UnusualHour signal, String instant) {
        return signal.evaluate(signIn().at(instant).facts()).isPresent();
    }

    @Nested
    class WorkingHoursWindow {

        private final UnusualHour londonOffice = window(EVERY_DAY, "08:00", "18:00", LONDON);

        @ParameterizedTest(name = "{0} unusual: {1}")
        @CsvSource({
            // Saturday before spring-forward: GMT, so 07:30Z is 07:30 local.
            "2026-03-28T07:30:00Z, true",
            "2026-03-28T17:30:00Z, false",
            // Sunday 29 March: BST from 01:00Z, so 07:30Z is already 08:30 local and 17:30Z is 18:30.
            "2026-03-29T07:30:00Z, false",
            "2026-03-29T17:30:00Z, true",
            // Saturday before fall-back: still BST.
            "2026-10-24T07:30:00Z, false",
            "2026-10-24T17:30:00Z, true",
            // Sunday 25 October: GMT again from 01:00Z.
            "2026-10-25T07:30:00Z, true",
            "2026-10-25T17:30:00Z, false",
        })
        void followsLondonAcrossSummerTimeChanges(String instant, boolean expected) {
            assertThat(unusual(londonOffice, instant)).isEqualTo(expected);
        }

        @Test
        void bothPassesOfTheRepeatedAutumnHourAreInAWindowCoveringIt() {
            UnusualHour oneToTwo = window(EVERY_DAY, "01:00", "02:00", LONDON);

            assertThat(unusual(oneToTwo, "2026-10-25T00:30:00Z")).isFalse(); // 01:30 BST
            assertThat(unusual(oneToTwo, "2026-10-25T01:30:00Z")).isFalse(); // 01:30 GMT
            assertThat(unusual(oneToTwo, "2026-10-25T02:30:00Z")).isTrue();  // 02:30 GMT
        }

        @Test
        void theSkippedSpringHourNeverHappensLocally() {
            UnusualHour oneToTwo = window(EVERY_DAY, "01:00", "02:00", LONDON);

            assertThat(unusual(oneToTwo, "2026-03-29T00:59:59Z")).isTrue();  // 00:59:59 GMT
            assertThat(unusual(oneToTwo, "2026-03-29T01:00:00Z")).isTrue();  // 02:00 BST
        }

        @ParameterizedTest(name = "{0} unusual: {1}")
        @CsvSource({
            "2026-06-08T00:00:00Z, false", // Monday 09:00 JST: the start is inside
            "2026-06-08T07:59:59Z, false", // Monday 16:59:59 JST
            "2026-06-08T08:00:00Z, true",  // Monday 17:00 JST: the end is outside
            "2026-06-07T23:30:00Z, true",  // Sunday in UTC, Monday 08:30 in Tokyo: too early
            "2026-06-07T00:30:00Z, true",  // Sunday 09:30 JST
            "2026-06-06T00:30:00Z, true",  // Saturday 09:30 JST, though Friday evening in New York
            "2026-06-05T23:30:00Z, true",  // Friday in UTC, Saturday 08:30 in Tokyo
        })
        void readsDayAndHourInTheConfiguredZone(String instant, boolean expected) {
            assertThat(unusual(window(WEEKDAYS, "09:00", "17:00", ZoneId.of("Asia/Tokyo")), instant)).isEqualTo(expected);
        }

        @Test
        void followsNewYorkSummerTime() {
            UnusualHour newYork = window(EVERY_DAY, "09:00", "17:00", ZoneId.of("America/New_York"));

            // Summer time starts there on 8 March 2026, three weeks before London's.
            assertThat(unusual(newYork, "2026-03-07T13:30:00Z")).isTrue();  // 08:30 EST
            assertThat(unusual(newYork, "2026-03-09T13:30:00Z")).isFalse(); // 09:30 EDT
        }

        @Test
        void nightShiftRunsPastMidnightAndBelongsToTheDayItStarts() {
            UnusualHour nights = window(WEEKDAYS, "22:00", "06:00", ZoneId.of("UTC"));

            assertThat(unusual(nights, "2026-06-12T23:00:00Z")).isFalse(); // Friday night
            assertThat(unusual(nights, "2026-06-13T05:59:00Z")).isFalse(); // Saturday morning, Friday's shift
            assertThat(unusual(nights, "2026-06-13T06:00:00Z")).isTrue();
            assertThat(unusual(nights, "2026-06-13T23:00:00Z")).isTrue();  // Saturday night
            assertThat(unusual(nights, "2026-06-15T05:00:00Z")).isTrue();  // Monday morning, Sunday's shift
            assertThat(unusual(nights, "2026-06-15T12:00:00Z")).isTrue();
        }

        @Test
        void equalStartAndEndMeansAllDayOnTheWorkingDays() {
            UnusualHour weekdays = window(WEEKDAYS, "00:00", "00:00", ZoneId.of("UTC"));

            assertThat(unusual(weekdays, "2026-06-12T03:00:00Z")).isFalse();
            assertThat(unusual(weekdays, "2026-06-13T03:00:00Z")).isTrue();
        }

        @Test
        void explainsWithLocalTimeAndTheWindow() {
            var reason = londonOffice.evaluate(signIn().at("2026-03-28T07:30:00Z").facts()).orElseThrow();

            assertThat(reason.signal()).isEqualTo("unusual-hour");
            assertThat(reason.detail())
                    .isEqualTo("Sat 07:30 Europe/London, outside working hours Mon,Tue,Wed,Thu,Fri,Sat,Sun 08:00-18:00");
        }
    }

    @Nested
    class LearnedHours {

        // 2026-01-05 is a Monday; winter, so London local time equals UTC.
        private List<PastSignIn> signInsAt(int count, String localTimeInWinter) {
            List<PastSignIn> history = new ArrayList<>();
            for (int day = count; day >= 1; day--) {
                history.add(signIn().at(Instant.parse("2026-01-05T" + localTimeInWinter + ":00Z")
                        .plus(Duration.ofDays(day))).past());
            }
            return history;
        }

        private boolean unusualAfter(UnusualHour signal, List<PastSignIn> history, String instant) {
            return signal.evaluate(signIn().at(instant).after(history).facts()).isPresent();
        }

        @Test
        void judgesOnlyOnceTheHistoryHasEnoughSignIns() {
            UnusualHour signal = learned(LONDON, 10);

            assertThat(unusualAfter(signal, signInsAt(9, "09:15"), "2026-02-02T03:00:00Z")).isFalse();
            assertThat(unusualAfter(signal, signInsAt(10, "09:15"), "2026-02-02T03:00:00Z")).isTrue();
        }

        @Test
        void anHourEitherSideOfASeenHourIsUsual() {
            UnusualHour signal = learned(LONDON, 10);
            List<PastSignIn> mornings = signInsAt(10, "09:15");

            assertThat(unusualAfter(signal, mornings, "2026-02-02T07:59:00Z")).isTrue();
            assertThat(unusualAfter(signal, mornings, "2026-02-02T08:00:00Z")).isFalse();
            assertThat(unusualAfter(signal, mornings, "2026-02-02T09:59:00Z")).isFalse();
            assertThat(unusualAfter(signal, mornings, "2026-02-02T10:59:00Z")).isFalse();
            assertThat(unusualAfter(signal, mornings, "2026-02-02T11:00:00Z")).isTrue();
        }

        @Test
        void toleranceWrapsAroundMidnight() {
            UnusualHour signal = learned(LONDON, 10);
            List<PastSignIn> lateNights = signInsAt(10, "23:30");

            assertThat(unusualAfter(signal, lateNights, "2026-02-02T00:30:00Z")).isFalse();
            assertThat(unusualAfter(signal, lateNights, "2026-02-02T01:00:00Z")).isTrue();
            assertThat(unusualAfter(signal, signInsAt(10, "00:10"), "2026-02-02T23:50:00Z")).isFalse();
        }

        @Test
        void learnsInLocalTimeSoSummerSignInsAtTheSameDeskHourAreUsual() {
            UnusualHour signal = learned(LONDON, 10);

            // 09:15 GMT in January; in July 08:15Z is 09:15 BST, and 07:15Z would be 08:15 BST.
            assertThat(unusualAfter(signal, signInsAt(10, "09:15"), "2026-07-01T08:15:00Z")).isFalse();
            assertThat(learned(LONDON, 10).evaluate(signIn().at("2026-07-01T06:15:00Z")
                    .after(signInsAt(10, "09:15")).facts())).isPresent();
        }

        @Test
        void explainsWithTheLocalHour() {
            var reason = learned(LONDON, 10).evaluate(signIn().at("2026-02-02T03:20:00Z")
                    .after(signInsAt(10, "09:15")).facts()).orElseThrow();

            assertThat(reason.detail()).isEqualTo("03:00-03:59 Europe/London is not among the user's usual hours");
        }
    }

    @Test
    void offNeverFires() {
        var off = new UnusualHour(new UnusualHour.Settings(UnusualHour.Mode.OFF, Set.of(), LocalTime.NOON,
                LocalTime.NOON, LONDON, 1));

        assertThat(unusual(off, "2026-03-29T03:00:00Z")).isFalse();
    }
}
