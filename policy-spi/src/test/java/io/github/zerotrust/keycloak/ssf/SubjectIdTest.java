package io.github.zerotrust.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SubjectIdTest {

    @Test
    void keycloaksAdminLogoutSubjectNamesTheUserAndEverySession() throws SetRefused {
        SubjectId id = SubjectId.parse(Map.of("format", "complex",
                "user", Map.of("format", "iss_sub", "iss", "https://kc/realms/partner", "sub", "42"),
                "session", Map.of("format", "opaque", "id", "ALL")));
        assertThat(id.person()).contains(SubjectId.issSub("https://kc/realms/partner", "42"));
        assertThat(id.sessionId()).isEmpty();
    }

    @Test
    void aComplexSubjectNamesOneSessionAndOneDevice() throws SetRefused {
        SubjectId id = SubjectId.parse(Map.of("format", "complex",
                "user", Map.of("format", "email", "email", "a@example.test"),
                "session", Map.of("format", "opaque", "id", "s-1"),
                "device", Map.of("format", "opaque", "id", "mac-1")));
        assertThat(id.sessionId()).contains("s-1");
        assertThat(id.deviceId()).contains("mac-1");
    }

    @Test
    void otherFormatsNameNobody() throws SetRefused {
        SubjectId id = SubjectId.parse(Map.of("format", "phone_number", "phone_number", "+15555550100"));
        assertThat(id.format()).isEqualTo(SubjectId.OTHER);
        assertThat(id.person()).isEmpty();
        assertThat(SubjectId.parse(Map.of("format", "opaque", "id", "x")).person()).isEmpty();
    }

    @Test
    void nestedComplexSubjectsUnknownFormatsAndOverlongValuesAreRefused() {
        assertThatThrownBy(() -> SubjectId.parse(Map.of("format", "complex", "user", Map.of("format", "complex"))))
                .isInstanceOf(SetRefused.class);
        assertThatThrownBy(() -> SubjectId.parse(Map.of("format", "made-up"))).isInstanceOf(SetRefused.class);
        assertThatThrownBy(() -> SubjectId.parse(Map.of("format", "email", "email", "a".repeat(513)))).isInstanceOf(SetRefused.class);
        assertThatThrownBy(() -> SubjectId.parse("alice@example.test")).isInstanceOf(SetRefused.class);
        assertThatThrownBy(() -> SubjectId.parse(Map.of("format", "complex", "user", Map.of("format", "email", "email", "a@b"),
                "nickname", "x"))).isInstanceOf(SetRefused.class);
    }
}
