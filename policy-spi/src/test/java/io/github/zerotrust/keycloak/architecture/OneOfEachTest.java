package io.github.zerotrust.keycloak.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.architecture.ClassFiles.ClassFile;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One way to do each thing, in this module's compiled classes: one JSON configuration ({@link JsonFormat}), one clock
 * ({@link KeycloakClock}), no JDK HTTP client (outbound calls go through Keycloak's HttpClientProvider, in the shell).
 * The authenticators module holds the same rules for its own classes.
 */
class OneOfEachTest {

    private static final List<ClassFile> MAIN = ClassFiles.ofModuleOf(JsonFormat.class);
    private static final String JSON_FORMAT = "io/github/zerotrust/keycloak/json/JsonFormat";
    private static final String CLOCK = "io/github/zerotrust/keycloak/spi/KeycloakClock";

    @Test
    void theOnlyObjectMapperIsBuiltByJsonFormat() {
        assertThat(MAIN).as("the module's classes were found").hasSizeGreaterThan(50);

        assertThat(MAIN.stream().filter(c -> c.calls(ClassFiles::buildsAnObjectMapper)).map(ClassFile::name))
                .containsExactly(JSON_FORMAT);
    }

    @Test
    void noClockButKeycloaksTime() {
        assertThat(MAIN.stream().filter(c -> !c.name().equals(CLOCK) && c.calls(ClassFiles::readsASystemClock))
                .map(ClassFile::name)).isEmpty();
        assertThat(MAIN.stream().filter(c -> c.name().equals(CLOCK)).findFirst().orElseThrow()
                .calls(call -> call.owner().equals("org/keycloak/common/util/Time") && call.name().equals("currentTimeMillis")))
                .as("the one clock reads Keycloak's time").isTrue();
    }

    @Test
    void noJdkHttpClient() {
        assertThat(MAIN.stream().filter(ClassFiles::usesTheJdkHttpClient).map(ClassFile::name)).isEmpty();
    }
}
