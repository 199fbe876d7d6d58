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
    void unknownCountryIsNeverNew() {
        assertThat(signal.evaluate(signIn().after(fromGb).facts())).isEmpty();
    }

    @Test
    void firstSignInOfAnAccountIsNotANewCountry() {
        assertThat(signal.evaluate(signIn().country("FR").facts())).isEmpty();
    }

    @Test
    void historyWithoutAnyKnownCountryGivesNoBaseline() {
        assertThat(signal.evaluate(signIn().country("FR").after(fromNowhere, fromNowhere).facts())).isEmpty();
    }
}
