package io.github.zerotrust.keycloak.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A posture that holds no fact says nothing of the device; any one fact, managed or a report time, says something. */
class PostureFactsTest {

    @Test
    void aPostureWithOnlyItsSourceAndDeviceIdSaysNothing() {
        assertThat(Posture.from(Posture.REGISTRY).deviceId("d-1").build().saysNothing()).isTrue();
    }

    @Test
    void anyFactOrAReportTimeOrManagementSaysSomething() {
        assertThat(Posture.from(Posture.REGISTRY).deviceId("d-1").managed(true).build().saysNothing()).isFalse();
        assertThat(Posture.from(Posture.REGISTRY).reportedAt(Instant.parse("2026-12-01T00:00:00Z")).build().saysNothing()).isFalse();
        assertThat(Posture.from(Posture.REGISTRY).diskEncrypted(false).build().saysNothing()).isFalse();
        assertThat(Posture.from(Posture.REGISTRY).threat(io.github.zerotrust.keycloak.risk.DeviceThreat.HIGH).build().saysNothing())
                .isFalse();
    }
}
