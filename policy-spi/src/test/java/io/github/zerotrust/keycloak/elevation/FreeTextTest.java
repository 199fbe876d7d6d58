package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.elevation.FreeText.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FreeTextTest {

    @Test
    void stripsAndTurnsLineBreaksAndTabsIntoSpaces() {
        assertThat(FreeText.clean("  fix\r\nthe\tpayroll\u2028client \n", 100))
                .isEqualTo(new FreeText.Cleaned("fix  the payroll client", Check.OK));
        assertThat(FreeText.clean(null, 100)).isEqualTo(new FreeText.Cleaned("", Check.OK));
        assertThat(FreeText.clean(" \n ", 100).text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u001Bb", "a\u007Fb", "a\u0090b", "a\u202Eb", "a\u2066b", "a\uD800b",
            "a\uDC00b", "\uDC00"})
    void refusesControlCharactersBidiOverridesAndLoneSurrogates(String text) {
        assertThat(FreeText.clean(text, 100).check()).isEqualTo(Check.MALFORMED);
        assertThat(FreeText.isName(text, 100)).isFalse();
    }

    @Test
    void countsCodePointsAfterStripping() {
        assertThat(FreeText.clean("é".repeat(10), 10).check()).isEqualTo(Check.OK);
        assertThat(FreeText.clean("\uD83D\uDD11".repeat(10), 10).check()).isEqualTo(Check.OK);
        assertThat(FreeText.clean("x".repeat(11), 10).check()).isEqualTo(Check.TOO_LONG);
        assertThat(FreeText.clean("   " + "x".repeat(10) + "   ", 10).check()).isEqualTo(Check.OK);
        assertThat(FreeText.clean("x".repeat(1_000_000), 10).check()).isEqualTo(Check.TOO_LONG);
    }

    @Test
    void namesHaveNoSurroundingSpaceAndNoBreaks() {
        assertThat(FreeText.isName("Default Roles", 20)).isTrue();
        assertThat(FreeText.isName(" a", 20)).isFalse();
        assertThat(FreeText.isName("a\nb", 20)).isFalse();
        assertThat(FreeText.isName("", 20)).isFalse();
        assertThat(FreeText.isName(null, 20)).isFalse();
        assertThat(FreeText.isName("abc", 2)).isFalse();
    }
}
