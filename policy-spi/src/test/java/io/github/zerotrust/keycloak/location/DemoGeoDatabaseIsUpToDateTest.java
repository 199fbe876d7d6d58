package io.github.zerotrust.keycloak.location;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.testing.TestGeoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped demo database must be exactly what {@link TestGeoDatabase} writes today. */
class DemoGeoDatabaseIsUpToDateTest {

    private static final Path DEMO_DATABASE = Path.of("../demo/zero-trust-demo-geo.mmdb");

    @Test
    void demoDatabaseMatchesTheGenerator() throws IOException {
        assertThat(DEMO_DATABASE).as("run TestGeoDatabase to regenerate demo/zero-trust-demo-geo.mmdb").exists();
        assertThat(Files.readAllBytes(DEMO_DATABASE))
                .as("run TestGeoDatabase to regenerate demo/zero-trust-demo-geo.mmdb")
                .isEqualTo(TestGeoDatabase.bytes());
    }
}
