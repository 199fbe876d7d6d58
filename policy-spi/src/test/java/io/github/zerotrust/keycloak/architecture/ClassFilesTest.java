package io.github.zerotrust.keycloak.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.architecture.ClassFiles.ClassFile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The reader sees the calls the architecture tests forbid, however they are written. */
class ClassFilesTest {

    static final class Offender {
        long millis() {
            return System.currentTimeMillis();
        }

        Instant qualified() {
            return java.time.Instant.now();
        }

        Supplier<Instant> reference() {
            return Instant::now;
        }

        Object mapper() {
            return new com.fasterxml.jackson.databind.ObjectMapper();
        }

        Object jdkHttp() {
            return java.net.http.HttpClient.newHttpClient();
        }
    }

    static final class Innocent {
        LocalDate today(Clock clock) {
            return LocalDate.now(clock);
        }
    }

    private static ClassFile of(Class<?> type) {
        return ClassFiles.ofModuleOf(ClassFilesTest.class).stream()
                .filter(c -> c.name().equals(type.getName().replace('.', '/'))).findFirst().orElseThrow();
    }

    @Test
    void findsEveryWayOfReadingTheSystemClock() {
        ClassFile offender = of(Offender.class);

        assertThat(offender.calls(c -> c.owner().equals("java/lang/System") && ClassFiles.readsASystemClock(c))).isTrue();
        assertThat(offender.calls().stream().filter(ClassFiles::readsASystemClock)
                .filter(c -> c.owner().equals("java/time/Instant"))).hasSize(1);
        assertThat(offender.calls(ClassFiles::buildsAnObjectMapper)).isTrue();
        assertThat(ClassFiles.usesTheJdkHttpClient(offender)).isTrue();
    }

    @Test
    void aClockPassedInIsNoSystemClock() {
        ClassFile innocent = of(Innocent.class);

        assertThat(innocent.calls(c -> c.name().equals("now"))).isTrue();
        assertThat(innocent.calls(ClassFiles::readsASystemClock)).isFalse();
        assertThat(ClassFiles.usesTheJdkHttpClient(innocent)).isFalse();
    }
}
