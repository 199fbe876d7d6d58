package io.github.zerotrust.keycloak.location.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MmdbWriterTest {

    private static final Map<String, Object> RECORD = Map.of("country_code", "GB");

    @Test
    void writesTheSameBytesForTheSameInputInAnyOrder() {
        byte[] first = new MmdbWriter("t", "d")
                .insert("192.0.2.0/24", RECORD).insert("2001:db8::/32", Map.of("b", 1, "a", 2L)).toBytes();
        byte[] second = new MmdbWriter("t", "d")
                .insert("2001:db8::/32", Map.of("a", 2L, "b", 1)).insert("192.0.2.0/24", RECORD).toBytes();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void refusesOverlappingNetworks() {
        MmdbWriter writer = new MmdbWriter("t", "d").insert("192.0.2.0/24", RECORD).insert("192.0.2.128/25", RECORD);

        assertThatIllegalArgumentException().isThrownBy(writer::toBytes).withMessageContaining("overlaps");
    }

    @Test
    void refusesNetworksWithHostBits() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MmdbWriter("t", "d").insert("192.0.2.1/24", RECORD));
    }

    @Test
    void refusesValuesWithoutAMaxMindType() {
        MmdbWriter writer = new MmdbWriter("t", "d").insert("192.0.2.0/24", Map.of("when", new Object()));

        assertThatIllegalArgumentException().isThrownBy(writer::toBytes).withMessageContaining("no MaxMind DB type");
    }

    @Test
    void storesIdenticalRecordsOnce() {
        byte[] bytes = new MmdbWriter("t", "d").insert("192.0.2.0/24", RECORD).insert("198.51.100.0/24", RECORD).toBytes();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);

        assertThat(text.indexOf("country_code")).isNotNegative().isEqualTo(text.lastIndexOf("country_code"));
    }

    @Test
    void refusesIpv6NetworksInAnIpv4OnlyDatabase() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MmdbWriter.ipv4Only("t", "d").insert("2001:db8::/32", RECORD))
                .withMessageContaining("IPv4-only");
    }
}
