package io.github.zerotrust.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigMapTest {

    @Test
    void absentAndBlankValuesGiveTheFallbackQuietly() {
        ConfigMap in = ConfigMap.of(Map.of("blank", "  "));
        assertThat(in.number("missing", 7, 0, 10)).isEqualTo(7);
        assertThat(in.flag("blank", true)).isTrue();
        assertThat(in.text("blank", "x")).isEqualTo("x");
        assertThat(in.items("missing")).isEmpty();
        assertThat(in.problems()).isEmpty();
        assertThat(ConfigMap.of(null).text("any")).isEmpty();
    }

    @Test
    void numbersOutOfRangeAreClampedAndReported() {
        ConfigMap in = ConfigMap.of(Map.of("low", "-5", "high", "99999999999", "ok", " 4 "));
        assertThat(in.number("low", 3, 0, 10)).isZero();
        assertThat(in.number("high", 3, 0, 10)).isEqualTo(10);
        assertThat(in.number("ok", 3, 0, 10)).isEqualTo(4);
        assertThat(in.problems()).containsExactly("low: -5 is outside 0 to 10; using 0",
                "high: 99999999999 is outside 0 to 10; using 10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seven", "7.5", "1e3", "0x10"})
    void unreadableNumbersGiveTheFallbackAndSaySo(String text) {
        ConfigMap in = ConfigMap.of(Map.of("n", text));
        assertThat(in.number("n", 7, 0, 10)).isEqualTo(7);
        assertThat(in.problems()).containsExactly("n: '" + text + "' is not a whole number; using 7");
    }

    @Test
    void flagsReadTheUsualWordsAndReportOthers() {
        Map<String, String> values = new HashMap<>(Map.of("a", "on", "b", "NO", "c", "Yes", "d", "maybe"));
        ConfigMap in = ConfigMap.of(values);
        assertThat(in.flag("a", false)).isTrue();
        assertThat(in.flag("b", true)).isFalse();
        assertThat(in.flag("c", false)).isTrue();
        assertThat(in.flag("d", false)).isFalse();
        assertThat(in.problems()).containsExactly("d: 'maybe' is not true or false; using false");
    }

    @Test
    void tooLongValuesAreIgnoredAndReported() {
        ConfigMap in = ConfigMap.of(Map.of("k", "x".repeat(11)), 10);
        assertThat(in.text("k")).isEmpty();
        assertThat(in.problems()).containsExactly("k: longer than 10 characters; ignored");
    }

    @Test
    void listsSplitTheWayEachKindOfListNeeds() {
        ConfigMap in = ConfigMap.of(Map.of("items", "a, b;c  d", "names", "Head office, VPN egress;\nLab",
                "multi", "KP##RU## ##"));
        assertThat(in.items("items")).containsExactly("a", "b", "c", "d");
        assertThat(in.names("names")).containsExactly("Head office", "VPN egress", "Lab");
        assertThat(in.multivalued("multi")).containsExactly("KP", "RU");
    }

    @Test
    void typedValuesFallBackAndReportWhenUnreadable() {
        ConfigMap in = ConfigMap.of(Map.of("t", "25:00", "z", "Mars/Olympus", "ok", "07:30"));
        assertThat(in.time("t", LocalTime.NOON)).isEqualTo(LocalTime.NOON);
        assertThat(in.zone("z", ZoneId.of("UTC"))).isEqualTo(ZoneId.of("UTC"));
        assertThat(in.time("ok", LocalTime.NOON)).isEqualTo(LocalTime.of(7, 30));
        assertThat(in.problems()).containsExactly("t: '25:00' cannot be read; using 12:00",
                "z: 'Mars/Olympus' cannot be read; using UTC");
    }

    @Test
    void asnsSkipWhatIsNotAnAsn() {
        ConfigMap in = ConfigMap.of(Map.of("asns", "AS64500, 64501, as64502, nope, 4294967296"));
        assertThat(in.asns("asns")).containsExactly(64500L, 64501L, 64502L);
        assertThat(in.problems()).hasSize(2);
    }

    @Test
    void daysReadRangesAcrossTheWeekEnd() {
        ConfigMap in = ConfigMap.of(Map.of("d", "FRI-MON", "bad", "MON,XYZ"));
        assertThat(in.days("d", Set.of())).containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY,
                DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        Set<DayOfWeek> weekdays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
        assertThat(in.days("bad", weekdays)).isEqualTo(weekdays);
        assertThat(in.problems()).singleElement().asString().startsWith("bad: 'XYZ' is not a day");
    }

    @Test
    void problemsShowNoControlCharactersAndStayShort() {
        ConfigMap in = ConfigMap.of(Map.of("n", "\u0000" + "9".repeat(100) + "x"));
        in.number("n", 1, 0, 5);
        assertThat(in.problems()).singleElement().asString().doesNotContain("\u0000").hasSizeLessThan(100);
    }

    @Test
    void checkedCarriesTheValueAndWhatWentWrong() {
        ConfigMap in = ConfigMap.of(Map.of("n", "x"));
        ConfigMap.Checked<Integer> checked = in.checked(in.number("n", 1, 0, 5));
        assertThat(checked.value()).isEqualTo(1);
        assertThat(checked.problems()).hasSize(1);
    }
}
