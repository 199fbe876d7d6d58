package io.github.zerotrust.keycloak.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decision core stays pure Java, so its rules are tested without a server (see STYLE.md). */
class CoreHasNoKeycloakTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"location", "risk", "fido", "device", "elevation", "json", "outbound", "policy", "assessment", "broker"})
    void coreImportsNothingFromKeycloak(String corePackage) throws IOException {
        Path dir = Path.of("src/main/java/io/github/zerotrust/keycloak", corePackage);
        assertThat(dir).as("a core package named here must exist").isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(dir)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(CoreHasNoKeycloakTypesTest::mentionsKeycloak)
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean mentionsKeycloak(Path file) {
        try {
            return Files.readString(file).contains("org.keycloak");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
