package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static io.github.zerotrust.keycloak.risk.SignIns.signIn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NewDeviceTest {

    private final NewDevice signal = new NewDevice();
    private final PastSignIn onLaptop = signIn().at(NOW.minusSeconds(3_600)).device("laptop").past();
    private final PastSignIn withoutDevice = signIn().at(NOW.minusSeconds(7_200)).past();

    @Test
    void knownDeviceIsNotNew() {
        assertThat(signal.evaluate(signIn().device("laptop").after(withoutDevice, onLaptop).facts())).isEmpty();
    }

    @Test
    void deviceMissingFromTheHistoryIsNew() {
        assertThat(signal.evaluate(signIn().device("phone").after(onLaptop).facts()))
                .hasValueSatisfying(reason -> {
                    assertThat(reason.signal()).isEqualTo("new-device");
                    assertThat(reason.detail()).isEqualTo("a device not seen in the sign-in history");
                });
    }

    @Test
    void noRecognisedDeviceCountsAsNew() {
        assertThat(signal.evaluate(signIn().after(withoutDevice, onLaptop).facts()))
                .hasValueSatisfying(reason -> assertThat(reason.detail()).isEqualTo("no recognised device"));
    }

    @Test
    void firstSignInOfAnAccountCountsAsNewDevice() {
        assertThat(signal.evaluate(signIn().device("laptop").facts()))
                .hasValueSatisfying(reason -> assertThat(reason.detail()).isEqualTo("first sign-in of the account"));
    }
}
