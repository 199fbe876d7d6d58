package io.github.zerotrust.keycloak.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OsVersionTest {

    @Nested
    class Ordering {

        @ParameterizedTest(name = "{0} < {1}")
        @CsvSource({"10.0.19045, 10.0.22631", "13.1, 14.0", "9, 10", "9.9.9, 10", "14, 14.0.1", "14.2, 14.10",
            "17.1.2, 17.2", "10.0.22631, 10.0.22631.2861", "10.0.22631.2861, 10.0.22631.3007", "0, 0.0.1",
            "1.999999999, 2", "6.5.0-14-generic, 6.6"})
        void comparesComponentByComponentAsNumbers(String lower, String higher) {
            OsVersion low = OsVersion.of(lower);
            OsVersion high = OsVersion.of(higher);
            assertThat(low).isLessThan(high);
            assertThat(high).isGreaterThan(low);
            assertThat(low.isBelow(high)).isTrue();
            assertThat(high.isBelow(low)).isFalse();
            assertThat(low).isNotEqualTo(high);
        }

        @ParameterizedTest(name = "{0} == {1}")
        @CsvSource({"14, 14.0", "14, 14.0.0.0", "10.0, 10", "14.2.1 (23C71), 14.2.1", "10.0.1, 10.00.01", "7, ' 7 '"})
        void missingComponentsCountAsZeroAndSuffixesAreIgnored(String a, String b) {
            OsVersion one = OsVersion.of(a);
            OsVersion other = OsVersion.of(b);
            assertThat(one).isEqualByComparingTo(other);
            assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
            assertThat(one.isBelow(other)).isFalse();
        }

        @Test
        void sortsARealisticMixLikeAnAdminWould() {
            List<String> expected = List.of("9", "10", "10.0.19044", "10.0.19045", "10.0.19045.4291", "10.0.22000",
                    "10.0.22631", "13.1", "13.6.7", "14.0.1", "14.5", "17.1.2", "17.5.1");
            List<OsVersion> shuffled = new ArrayList<>(expected.stream().map(OsVersion::of).toList());
            Collections.shuffle(shuffled, new Random(7));
            Collections.sort(shuffled);
            assertThat(shuffled).extracting(OsVersion::toString).containsExactlyElementsOf(expected);
        }
    }

    @Nested
    class Reading {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {"10.0.19045|10.0.19045", "14|14", "14.0|14.0", "17.1.2|17.1.2",
            "14.2.1 (23C71)|14.2.1", "10.0.22631.2861|10.0.22631.2861", "6.5.0-14-generic|6.5.0", "13+beta|13",
            "12_4|12", "'  14.5  '|14.5"})
        void keepsTheNumbersAsWrittenForMessages(String text, String shown) {
            assertThat(OsVersion.parse(text)).map(OsVersion::toString).contains(shown);
            assertThat(OsVersion.of(text)).hasToString(shown);
        }

        @Test
        void acceptsTheLimits() {
            assertThat(OsVersion.parse("999999999.1")).isPresent();
            assertThat(OsVersion.parse("1.2.3.4.5.6.7.8")).isPresent();
            assertThat(OsVersion.parse("1." + "0.".repeat(30) + "1")).isEmpty(); // too many components
            assertThat(OsVersion.parse("1" + " ".repeat(63))).isPresent();   // 64 characters
        }
    }

    @Nested
    class Malformed {

        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"", " ", "abc", "v14", "iOS 17.1", "1..2", "1.", ".1", "14.", "-1", "+1", "1.-2", "14a",
            "14.2a", "1,2", "1/2", "1234567890", "1.1234567890", "1.2.3.4.5.6.7.8.9", "14\u0000", "1\t2", "١٤"})
        void isEmptyWhenParsed(String text) {
            assertThat(OsVersion.parse(text)).isEmpty();
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of(text));
        }

        @Test
        void longerThan64CharactersIsRefusedBeforeReading() {
            String text = "1" + ".0".repeat(32);
            assertThat(text).hasSizeGreaterThan(OsVersion.MAX_LENGTH);
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of(text))
                    .withMessage("An OS version has at most 64 characters.");
        }

        @Test
        void saysWhyItIsMalformed() {
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of("1..2"))
                    .withMessage("'1..2' is not an OS version: it needs numbers separated by single dots, such as "
                            + "10.0.22631 or 14.2.");
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of("1.1234567890"))
                    .withMessage("'1.1234567890' is not an OS version: a component has at most 9 digits.");
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of("14a"))
                    .withMessageStartingWith("'14a' is not an OS version: after the numbers only a suffix");
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of("1.2.3.4.5.6.7.8.9"))
                    .withMessage("'1.2.3.4.5.6.7.8.9' is not an OS version: it has more than 8 components.");
            assertThatIllegalArgumentException().isThrownBy(() -> OsVersion.of(null))
                    .withMessage("No OS version given.");
        }
    }
}
