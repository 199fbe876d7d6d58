package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AnonymisingNetworkTest {

    private final AnonymisingNetwork signal = new AnonymisingNetwork(
            new AnonymisingNetwork.Settings(Set.of(9009L, 60068L), Set.of(16509L)));

    @Test
    void anonymiserAsnFiresAndSaysSo() {
        assertThat(signal.evaluate(signIn().asn(9009).facts())).hasValueSatisfying(reason -> {
            assertThat(reason.signal()).isEqualTo("anonymising-network");
            assertThat(reason.detail()).isEqualTo("AS9009 is listed as an anonymiser");
        });
    }

    @Test
    void hostingAsnFiresUnderTheSameName() {
        assertThat(signal.evaluate(signIn().asn(16509).facts())).hasValueSatisfying(reason -> {
            assertThat(reason.signal()).isEqualTo("anonymising-network");
            assertThat(reason.detail()).isEqualTo("AS16509 is listed as a hosting provider");
        });
    }

    @Test
    void otherOrUnknownAsnDoesNotFire() {
        assertThat(signal.evaluate(signIn().asn(2856).facts())).isEmpty();
        assertThat(signal.evaluate(signIn().facts())).isEmpty();
    }
}
