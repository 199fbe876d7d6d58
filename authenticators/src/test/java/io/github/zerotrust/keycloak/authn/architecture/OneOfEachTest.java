package io.github.zerotrust.keycloak.authn.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.architecture.ClassFiles;
import io.github.zerotrust.keycloak.architecture.ClassFiles.ClassFile;
import io.github.zerotrust.keycloak.authn.rest.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One way to do each thing, in the shell's compiled classes: JSON through the core's {@code JsonFormat} (no mapper of
 * its own), time from {@code KeycloakClock} (never the machine's clock nor Keycloak's {@code Time} directly), outbound
 * HTTP through Keycloak's HttpClientProvider (never the JDK's client). The core module holds the same rules.
 */
class OneOfEachTest {

    private static final List<ClassFile> MAIN = ClassFiles.ofModuleOf(Problem.class);

    @Test
    void noObjectMapperOfItsOwn() {
        assertThat(MAIN).as("the module's classes were found").hasSizeGreaterThan(100);
        assertThat(MAIN.stream().filter(c -> c.calls(call -> call.owner().equals("io/github/zerotrust/keycloak/json/JsonFormat"))))
                .as("JSON is read and written here").isNotEmpty();

        assertThat(MAIN.stream().filter(c -> c.calls(ClassFiles::buildsAnObjectMapper)).map(ClassFile::name)).isEmpty();
    }

    @Test
    void noClockButKeycloakClock() {
        assertThat(MAIN.stream().filter(c -> c.calls(call -> call.owner().equals("io/github/zerotrust/keycloak/spi/KeycloakClock"))))
                .as("time is read here").isNotEmpty();

        assertThat(MAIN.stream().filter(c -> c.calls(ClassFiles::readsASystemClock)).map(ClassFile::name)).isEmpty();
    }

    @Test
    void outboundHttpThroughKeycloaksHttpClientProviderOnly() {
        assertThat(MAIN.stream().filter(c -> c.mentions("org/keycloak/connections/httpclient/HttpClientProvider"))
                .map(ClassFile::name)).as("the outbound callers take Keycloak's client").isNotEmpty();

        assertThat(MAIN.stream().filter(ClassFiles::usesTheJdkHttpClient).map(ClassFile::name)).isEmpty();
    }
}
