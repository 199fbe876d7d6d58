package io.github.zerotrust.keycloak.authn.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.Country;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountryConditionConfigTest {

    @Test
    void defaultsAreABlockListThatTreatsUnknownAsAMatch() {
        CountryConditionConfig config = CountryConditionConfig.parse(Map.of("countries", "KP"));

        assertThat(config.membership()).isEqualTo(Membership.IN);
        assertThat(config.matchUnknown()).isTrue();
        assertThat(config.reportOnly()).isFalse();
        assertThat(config.problem()).isEmpty();
    }

    @Test
    void readsKeycloaksMultivaluedFormatAndAnyCase() {
        CountryConditionConfig config = CountryConditionConfig.parse(Map.of("countries", "kp## RU ##ir"));

        assertThat(config.countries()).containsExactlyInAnyOrder(Country.of("KP"), Country.of("RU"), Country.of("IR"));
        assertThat(config.describeCountries()).isEqualTo("[IR, KP, RU]");
    }

    @Test
    void readsAnAllowListAndTheOtherUnknownChoice() {
        CountryConditionConfig config = CountryConditionConfig.parse(
                Map.of("countries", "GB##IE", "match", "not-in", "unknown_country", "no-match", "report_only", "true"));

        assertThat(config.membership()).isEqualTo(Membership.NOT_IN);
        assertThat(config.matchUnknown()).isFalse();
        assertThat(config.reportOnly()).isTrue();
    }

    @Test
    void anInvalidCodeMakesTheRuleMisconfiguredRatherThanSilentlySmaller() {
        CountryConditionConfig config = CountryConditionConfig.parse(Map.of("countries", "GB##Britain"));

        assertThat(config.problem()).hasValueSatisfying(p -> assertThat(p).contains("Britain"));
    }

    @Test
    void noCountriesIsMisconfigured() {
        assertThat(CountryConditionConfig.parse(Map.of()).problem()).contains("no countries are configured");
    }

    @Test
    void theUnknownCodeIsNotACountryToList() {
        assertThat(CountryConditionConfig.parse(Map.of("countries", "ZZ")).problem()).isPresent();
    }
}
