package io.github.zerotrust.keycloak.fido;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AaguidTest {

    private static final String YUBIKEY_5 = "cb69481e-8ff7-4039-93ec-0a2729a154a8";

    @Test
    void readsTheCanonicalFormInAnyCase() {
        assertThat(Aaguid.of(YUBIKEY_5.toUpperCase())).isEqualTo(Aaguid.of(YUBIKEY_5));
        assertThat(Aaguid.of("  " + YUBIKEY_5 + " ").toString()).isEqualTo(YUBIKEY_5);
    }

    @Test
    void allZerosIsNone() {
        assertThat(Aaguid.of("00000000-0000-0000-0000-000000000000")).isEqualTo(Aaguid.NONE);
        assertThat(Aaguid.NONE.isNone()).isTrue();
        assertThat(Aaguid.of(YUBIKEY_5).isNone()).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1-2-3-4-5", "cb69481e8ff7403993ec0a2729a154a8", "cb69481e-8ff7-4039-93ec-0a2729a154a",
        "cb69481e-8ff7-4039-93ec-0a2729a154a8a", "cb69481e-8ff7-4039-93ec_0a2729a154a8",
        "gb69481e-8ff7-4039-93ec-0a2729a154a8", "cb69481e-8ff7-4039-93ec-0a2729a154a+", "{cb69481e-8ff7-4039-93ec-0a2729a154a8}"})
    void refusesAnythingElse(String text) {
        assertThat(Aaguid.parse(text)).isEmpty();
        assertThatThrownBy(() -> Aaguid.of(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-4-4-4-12");
    }
}
