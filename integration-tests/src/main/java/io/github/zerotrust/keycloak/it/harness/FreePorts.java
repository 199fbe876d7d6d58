package io.github.zerotrust.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports, so parallel runs and a running demo never collide. A port is taken from outside the range the
 * kernel hands out by itself (for port 0 and for the local end of every outgoing connection): a port the kernel chose
 * once can be given again to any connection of any process in the seconds before the server binds it (a Keycloak node
 * once failed to start on "Address already in use" so). Each port is handed out once per JVM and is free, on every
 * address, when it is handed out.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int[] RANGE = outsideEphemeral(EPHEMERAL_RANGE);

    private FreePorts() {
    }

    public static int next() {
        int size = RANGE[1] - RANGE[0];
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = RANGE[0] + (start + i) % size;
            if (HANDED_OUT.add(port) && free(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("No free port in " + RANGE[0] + "-" + (RANGE[1] - 1)));
    }

    /** Whether nothing listens on {@code port} on any address. */
    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The kernel's range for ports it picks itself ({@code low high}); Linux's default where it cannot be read. */
    static int[] ephemeral(Path file) {
        try {
            String[] bounds = Files.readString(file).trim().split("\\s+");
            return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
        } catch (IOException | RuntimeException unreadable) {
            return new int[] {32768, 60999};
        }
    }

    /** At most 12,000 ports just below the kernel's range, or above it where there is more room there. */
    static int[] outsideEphemeral(Path file) {
        int[] kernel = ephemeral(file);
        int[] below = {Math.max(1024, kernel[0] - 12_000), kernel[0]};
        int[] above = {kernel[1] + 1, Math.min(65_536, kernel[1] + 1 + 12_000)};
        int[] chosen = below[1] - below[0] >= above[1] - above[0] ? below : above;
        if (chosen[1] - chosen[0] < 100) {
            throw new IllegalStateException("The kernel hands out ports " + kernel[0] + "-" + kernel[1]
                    + " itself: no room outside them for the tests' servers (" + EPHEMERAL_RANGE + ")");
        }
        return chosen;
    }
}
