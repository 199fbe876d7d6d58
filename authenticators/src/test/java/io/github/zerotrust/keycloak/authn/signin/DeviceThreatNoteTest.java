package io.github.zerotrust.keycloak.authn.signin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.sessions.AuthenticationSessionModel;

class DeviceThreatNoteTest {

    /** Only the auth notes of an authentication session, which is all the note uses. */
    static AuthenticationSessionModel authSession(Map<String, String> notes) {
        return (AuthenticationSessionModel) Proxy.newProxyInstance(DeviceThreatNoteTest.class.getClassLoader(),
                new Class<?>[] {AuthenticationSessionModel.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setAuthNote" -> notes.put((String) args[0], (String) args[1]);
                    case "getAuthNote" -> notes.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @ParameterizedTest
    @EnumSource(DeviceThreat.class)
    void theRiskAssessmentReadsTheThreatTheDeviceStepFound(DeviceThreat threat) {
        AuthenticationSessionModel session = authSession(new HashMap<>());
        DeviceThreatNote.put(session, threat);
        assertThat(DeviceThreatNote.of(session)).contains(threat);
    }

    @Test
    void noDeviceStepMeansNoThreat() {
        assertThat(DeviceThreatNote.of(authSession(new HashMap<>()))).isEmpty();
    }

    @Test
    void anUnreadableNoteIsNoThreat() {
        assertThat(DeviceThreatNote.of(authSession(new HashMap<>(Map.of(DeviceThreatNote.NOTE, "catastrophic"))))).isEmpty();
    }
}
