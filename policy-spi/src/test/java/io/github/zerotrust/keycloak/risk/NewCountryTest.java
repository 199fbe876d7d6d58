package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NewCountryTest {

    private final NewCountry signal = new NewCountry();
    private final PastSignIn fromGb = signIn().at(NOW.minusSeconds(86_400)).country("GB").past();
    private final PastSignIn fromNowhere = signIn().at(NOW.minusSeconds(3_600)).past();

    @Test
    void countryInTheHistoryIsNotNew() {
        assertThat(signal.evaluate(signIn().country("GB").after(fromNowhere, fromGb).facts())).isEmpty();
    }

    @Test
    void countryMissingFromTheHistoryIsNewAndNamed() {
        assertThat(signal.evaluate(signIn().country("FR").after(fromGb).facts()))
                .hasValueSatisfying(reason -> {
                    assertThat(reason.signal()).isEqualTo("new-country");
                    assertThat(reason.detail()).isEqualTo("first sign-in from FR");
                });
    }

    @Test
    void firstSignInOfAnAccountIsNotANewCountry() {
        assertThat(signal.evaluate(signIn().country("FR").facts())).isEmpty();
    }

    @Test
    void historyWithoutAnyKnownCountryGivesNoBaseline() {
        assertThat(signal.evaluate(signIn().country("FR").after(fromNowhere, fromNowhere).facts())).isEmpty();
    }

    // An address the database cannot place (an IPv6 address and an IPv4-only file, a gap, a private
    // address) must not be a way around the signal.

    @Test
    void anAddressTheDatabaseCannotPlaceAfterKnownCountriesCountsAsNew() {
        assertThat(signal.evaluate(signIn().address("2001:db8:99::7").after(fromGb).facts()))
                .hasValueSatisfying(reason -> {
                    assertThat(reason.signal()).isEqualTo("new-country");
                    assertThat(reason.detail()).startsWith("first sign-in from an unknown country").endsWith("after sign-ins from GB")
                            .doesNotContain("2001:db8");
                });
    }

    @Test
    void anEarlierUnplacedSignInFromElsewhereDoesNotMakeUnknownFamiliar() {
        PastSignIn unplacedElsewhere = signIn().at(NOW.minusSeconds(600)).address("10.1.2.3").past();

        assertThat(signal.evaluate(signIn().address("2001:db8:99::7").after(unplacedElsewhere, fromGb).facts())).isPresent();
    }

    @Test
    void anUnplacedAddressTheUserSignedInFromBeforeIsNotNew() {
        PastSignIn sameAddress = signIn().at(NOW.minusSeconds(600)).address("10.1.2.3").past();

        assertThat(signal.evaluate(signIn().address("10.1.2.3").after(sameAddress, fromGb).facts())).isEmpty();
    }

    @Test
    void anUnplacedAddressInANetworkZoneTheUserSignedInFromBeforeIsNotNew() {
        PastSignIn office = signIn().at(NOW.minusSeconds(600)).address("10.1.2.3").zones("Office").past();

        assertThat(signal.evaluate(signIn().address("10.9.8.7").zones("office").after(office, fromGb).facts())).isEmpty();
        assertThat(signal.evaluate(signIn().address("10.9.8.7").zones("lab").after(office, fromGb).facts())).isPresent();
    }

    @Test
    void aPlacedSignInFromTheSameAddressDoesNotMakeItsUnknownCountryFamiliar() {
        PastSignIn placedThen = signIn().at(NOW.minusSeconds(600)).address("10.1.2.3").country("GB").past();

        assertThat(signal.evaluate(signIn().address("10.1.2.3").after(placedThen).facts())).isPresent();
    }

    @Test
    void anUnknownCountryWithoutAKnownBaselineStaysSilent() {
        assertThat(signal.evaluate(signIn().address("2001:db8:99::7").facts())).isEmpty();
        assertThat(signal.evaluate(signIn().address("2001:db8:99::7").after(fromNowhere).facts())).isEmpty();
    }

    @Test
    void anUnreadableAddressAfterKnownCountriesCountsAsNew() {
        SignInFacts facts = signIn().after(fromGb).facts();
        SignInFacts unreadable = new SignInFacts(facts.at(), java.util.Optional.empty(), null, facts.location(), facts.zones(),
                null, facts.history(), 0, 0, java.util.Optional.empty());

        assertThat(signal.evaluate(unreadable)).isPresent();
    }
}
