package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StrengthTest {

    @ParameterizedTest
    @CsvSource({
            "NONE, NONE, true", "NONE, MFA, false", "NONE, PHISHING_RESISTANT, false",
            "MFA, NONE, true", "MFA, MFA, true", "MFA, PHISHING_RESISTANT, false",
            "PHISHING_RESISTANT, NONE, true", "PHISHING_RESISTANT, MFA, true",
            "PHISHING_RESISTANT, PHISHING_RESISTANT, true"})
    void aStrongerAuthenticationSatisfiesAWeakerDemandNeverTheOtherWay(Strength reached, Strength demanded,
                                                                       boolean satisfies) {
        assertThat(reached.satisfies(demanded)).isEqualTo(satisfies);
    }

    @ParameterizedTest
    @CsvSource({"none, NONE", "mfa, MFA", "MFA, MFA", "phr, PHISHING_RESISTANT", " PHR , PHISHING_RESISTANT",
            "phishing-resistant, PHISHING_RESISTANT", "PHISHING_RESISTANT, PHISHING_RESISTANT"})
    void readsTheLevelNamesOfAcrLoaMap(String text, Strength strength) {
        assertThat(Strength.parse(text)).contains(strength);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "otp", "2", "phishing resistant", "mfa2"})
    void refusesOtherNames(String text) {
        assertThat(Strength.parse(text)).isEmpty();
        assertThat(Strength.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"NONE, none", "MFA, mfa", "PHISHING_RESISTANT, phr"})
    void idsAreTheLevelNames(Strength strength, String id) {
        assertThat(strength.id()).isEqualTo(id);
    }

    @ParameterizedTest
    @CsvSource({"none, NONE", "Optional, OPTIONAL", " REQUIRED , REQUIRED"})
    void readsTicketModes(String text, TicketMode mode) {
        assertThat(TicketMode.parse(text)).contains(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "mandatory"})
    void refusesOtherTicketModes(String text) {
        assertThat(TicketMode.parse(text)).isEmpty();
        assertThat(TicketMode.parse(null)).isEmpty();
    }
}
