package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.location.ClientAddress;
import java.util.Optional;

/** Client-address text (what Keycloak's proxy handling hands over): an address or nothing, never a crash. */
class ClientAddressFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void parsesAnyTextToAnAddressOrNothing(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();

        Optional<ClientAddress> parsed = ClientAddress.parse(text);

        parsed.ifPresent(address -> {
            // What we print must read back as the same address, and the bytes must make an InetAddress.
            assertThat(ClientAddress.parse(address.canonical())).contains(address);
            assertThat(address.toInetAddress().getAddress()).hasSize(address.isIpv4() ? 4 : 16);
        });
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new ClientAddressFuzzTest().parsesAnyTextToAnAddressOrNothing(data);
    }
}
