package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.location.InvalidZoneException;
import io.github.zerotrust.keycloak.location.NetworkZone;
import io.github.zerotrust.keycloak.location.NetworkZones;
import java.util.ArrayList;
import java.util.List;

/** CIDR lists as an admin types them (zones API, condition settings, realm import): a zone or InvalidZoneException. */
class NetworkZoneFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void buildsAZoneOrRefusesItWithAClearMessage(FuzzedDataProvider data) {
        String name = data.consumeString(80);
        List<String> ranges = new ArrayList<>();
        for (int i = data.consumeInt(0, 8); i > 0; i--) {
            ranges.add(data.consumeString(120));
        }
        String probe = data.consumeRemainingAsString();
        NetworkZone zone;
        try {
            zone = NetworkZone.of(name, ranges, data.consumeBoolean());
        } catch (InvalidZoneException refused) {
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(600);
            return;
        }
        // A zone that exists is always safe to store, read back and compile.
        assertThat(NetworkZone.of(zone.name(), zone.ranges(), zone.trusted())).isEqualTo(zone);
        NetworkZones compiled = NetworkZones.compile(List.of(zone));
        ClientAddress.parse(probe).ifPresent(address -> compiled.zonesContaining(address));
        for (String range : zone.ranges()) {
            String first = range.substring(0, range.indexOf('/'));
            assertThat(compiled.zonesContaining(ClientAddress.parse(first).orElseThrow())).containsExactly(zone.name());
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new NetworkZoneFuzzTest().buildsAZoneOrRefusesItWithAClearMessage(data);
    }
}
