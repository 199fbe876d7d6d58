package io.github.zerotrust.keycloak.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.location.ClientAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AddressKeyTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private static ClientAddress address(String text) {
        return ClientAddress.parse(text).orElseThrow();
    }

    @Test
    void plainKeyIsTheCanonicalAddress() {
        assertThat(AddressKey.plain().of(address("2001:DB8:0:0::1"))).isEqualTo("2001:db8::1");
        assertThat(AddressKey.plain().of(address("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
        assertThat(AddressKey.plain().isHashed()).isFalse();
    }

    @Test
    void sameAddressAndKeyGiveTheSameHash() {
        String once = AddressKey.hashed(KEY).of(address("192.0.2.1"));

        assertThat(AddressKey.hashed(KEY.clone()).of(address("::ffff:192.0.2.1"))).isEqualTo(once);
        assertThat(once).hasSize(22).matches("[A-Za-z0-9_-]{22}").doesNotContain("192");
    }

    @Test
    void differentKeyOrAddressGivesADifferentHash() {
        String once = AddressKey.hashed(KEY).of(address("192.0.2.1"));

        assertThat(AddressKey.hashed(OTHER_KEY).of(address("192.0.2.1"))).isNotEqualTo(once);
        assertThat(AddressKey.hashed(KEY).of(address("192.0.2.2"))).isNotEqualTo(once);
    }

    @Test
    void isHmacSha256OfTheCanonicalTextInBase64Url() throws Exception {
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        String expected = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal("2001:db8::1".getBytes(StandardCharsets.US_ASCII))).substring(0, 22);

        assertThat(AddressKey.hashed(KEY).of(address("2001:db8::1"))).isEqualTo(expected);
    }

    @Test
    void refusesShortKeys() {
        assertThatThrownBy(() -> AddressKey.hashed(new byte[15])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressKey.hashed(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
