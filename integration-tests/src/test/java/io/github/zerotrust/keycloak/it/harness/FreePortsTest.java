package io.github.zerotrust.keycloak.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {

    @TempDir
    Path dir;

    Path kernelRange(String text) throws IOException {
        return Files.writeString(dir.resolve("ip_local_port_range"), text);
    }

    @Test
    void portsAreHandedOutOnceEachOutsideTheKernelsOwnRangeAndFreeOnEveryAddress() throws IOException {
        int[] kernel = FreePorts.ephemeral(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.next();
            assertThat(port).as("outside the kernel's %d-%d", kernel[0], kernel[1]).matches(p -> p < kernel[0] || p > kernel[1]);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(port));
                assertThat(server.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(FreePorts.next()));
            assertThat(FreePorts.free(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void theRangeIsBelowTheKernelsOrAboveItWhereThereIsMoreRoom() throws IOException {
        assertThat(FreePorts.outsideEphemeral(kernelRange("32768\t60999\n"))).containsExactly(20768, 32768);
        assertThat(FreePorts.outsideEphemeral(kernelRange("1500 40000"))).containsExactly(40001, 52001);
        assertThat(FreePorts.outsideEphemeral(dir.resolve("missing"))).as("Linux's default where unreadable")
                .containsExactly(20768, 32768);
        assertThatThrownBy(() -> FreePorts.outsideEphemeral(kernelRange("1024 65535")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no room outside them");
    }
}
