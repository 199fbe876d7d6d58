package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.Country;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountryRuleTest {

    @Test
    void defaultsAreABlockListThatTreatsUnknownAsAMatch() {
        CountryRule.Settings config = CountryRule.Settings.parse(Map.of("countries", "KP"));

        assertThat(config.membership()).isEqualTo(Membership.IN);
        assertThat(config.matchUnknown()).isTrue();
        assertThat(config.reportOnly()).isFalse();
        assertThat(config.problem()).isEmpty();
    }

    @Test
    void readsKeycloaksMultivaluedFormatAndAnyCase() {
        CountryRule.Settings config = CountryRule.Settings.parse(Map.of("countries", "kp## RU ##ir"));

        assertThat(config.countries()).containsExactlyInAnyOrder(Country.of("KP"), Country.of("RU"), Country.of("IR"));
        assertThat(config.describeCountries()).isEqualTo("[IR, KP, RU]");
    }

    @Test
    void readsAnAllowListAndTheOtherUnknownChoice() {
        CountryRule.Settings config = CountryRule.Settings.parse(
                Map.of("countries", "GB##IE", "match", "not-in", "unknown_country", "no-match", "report_only", "true"));

        assertThat(config.membership()).isEqualTo(Membership.NOT_IN);
        assertThat(config.matchUnknown()).isFalse();
        assertThat(config.reportOnly()).isTrue();
    }

    @Test
    void anInvalidCodeMakesTheRuleMisconfiguredRatherThanSilentlySmaller() {
        CountryRule.Settings config = CountryRule.Settings.parse(Map.of("countries", "GB##Britain"));

        assertThat(config.problem()).hasValueSatisfying(p -> assertThat(p).contains("Britain"));
    }

    @Test
    void noCountriesIsMisconfigured() {
        assertThat(CountryRule.Settings.parse(Map.of()).problem()).contains("no countries are configured");
    }

    @Test
    void theUnknownCodeIsNotACountryToList() {
        assertThat(CountryRule.Settings.parse(Map.of("countries", "ZZ")).problem()).isPresent();
    }

    static Verdict judge(SignIn signIn, Map<String, String> config) {
        return CountryRule.judge(signIn, CountryRule.Settings.parse(config));
    }

    @Test
    void aBlockListMatchesAListedCountryInTheEventsWords() {
        Verdict verdict = judge(Facts.from("KP"), Map.of("countries", "KP##RU"));
        assertThat(verdict.applies()).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.COUNTRY_LISTED);
        assertThat(verdict.detail()).isEqualTo("country KP is in [KP, RU]");
        assertThat(judge(Facts.from("GB"), Map.of("countries", "KP##RU")).applies()).isFalse();
    }

    @Test
    void anAllowListMatchesEveryOtherCountry() {
        Verdict verdict = judge(Facts.from("AU"), Map.of("countries", "GB", "match", "not-in"));
        assertThat(verdict.applies()).isTrue();
        assertThat(verdict.detail()).isEqualTo("country AU is not in [GB]");
    }

    @Test
    void anUnknownCountryMatchesUnlessTheAdminChoseOtherwise() {
        assertThat(judge(Facts.anywhere(), Map.of("countries", "KP")).detail()).isEqualTo("country unknown");
        assertThat(judge(Facts.anywhere(), Map.of("countries", "KP")).applies()).isTrue();
        assertThat(judge(Facts.anywhere(), Map.of("countries", "KP", "unknown_country", "no-match")).applies()).isFalse();
    }

    @Test
    void unusableSettingsFailClosedAsATypedMisconfigurationNotAWordingPrefix() {
        Verdict verdict = judge(Facts.from("GB"), Map.of("countries", "Britain"));
        assertThat(verdict.applies()).isTrue();
        assertThat(verdict.misconfigured()).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.SETTINGS_UNUSABLE);
    }
}
