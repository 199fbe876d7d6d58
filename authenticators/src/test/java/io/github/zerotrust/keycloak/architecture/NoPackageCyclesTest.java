package io.github.zerotrust.keycloak.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the suite use each other, directly or round a longer loop: a package is a part
 * of the design that can be read, tested and changed from the bottom up. The core is checked with
 * the shell, from both modules' compiled classes (the reactor compiles the core first).
 */
class NoPackageCyclesTest {

    static final Path SHELL = Path.of("target/classes");
    static final Path CORE = Path.of("../policy-spi/target/classes");

    @Test
    void theShellAndTheCoreHaveNoPackageCycles() {
        assertThat(SHELL).as("the shell's compiled classes").isDirectory();
        assertThat(CORE).as("the core's compiled classes (build through the reactor)").isDirectory();
        PackageGraph graph = PackageGraph.of(SHELL, CORE);
        assertThat(graph.packages()).as("the graph has read the packages")
                .contains("io.github.zerotrust.keycloak.authn.signin", "io.github.zerotrust.keycloak.policy");

        List<Set<String>> cycles = graph.cycles();

        assertThat(cycles).as(() -> "package cycles:" + cycles.stream().map(graph::explain).reduce("", String::concat)).isEmpty();
    }

    @Test
    void findsACycleRoundThreePackagesAndNotADiamond() {
        PackageGraph loop = new PackageGraph();
        loop.add("a", "b");
        loop.add("b", "c");
        loop.add("c", "a");
        loop.add("c", "d");
        PackageGraph diamond = new PackageGraph();
        diamond.add("a", "b");
        diamond.add("a", "c");
        diamond.add("b", "d");
        diamond.add("c", "d");

        assertThat(loop.cycles()).containsExactly(Set.of("a", "b", "c"));
        assertThat(diamond.cycles()).isEmpty();
    }
}
