package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CountryTest {

    @ParameterizedTest
    @CsvSource({"gb,GB", "GB,GB", "De,DE", "kP,KP"})
    void parsesTwoLettersInAnyCaseAsUpperCase(String raw, String isoCode) {
        assertThat(Country.parse(raw)).contains(new Country(isoCode));
        assertThat(Country.of(raw).isoCode()).isEqualTo(isoCode);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"G", "GBR", "G1", "  ", " GB", "ÄB", "ＧＢ", "1A", "G-"})
    void refusesAnythingButTwoAsciiLetters(String raw) {
        assertThat(Country.parse(raw)).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> Country.of(raw));
    }

    @Test
    void constructorRefusesLowerCaseSoEveryValueIsCanonical() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Country("gb"));
    }

    @Test
    void unknownIsAFirstClassValueThatIsNotKnown() {
        assertThat(Country.UNKNOWN.isKnown()).isFalse();
        assertThat(Country.UNKNOWN.isoCode()).isEqualTo("ZZ");
        assertThat(Country.UNKNOWN).hasToString("unknown");
    }

    @Test
    void userAssignedZzMeansUnknown() {
        assertThat(Country.parse("zz")).contains(Country.UNKNOWN);
    }

    @Test
    void knownCountryPrintsItsCode() {
        assertThat(Country.of("gb").isKnown()).isTrue();
        assertThat(Country.of("gb")).hasToString("GB");
    }
}
