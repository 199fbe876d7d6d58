package io.github.zerotrust.keycloak.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import io.github.zerotrust.keycloak.device.PostureClaims;
import io.github.zerotrust.keycloak.device.PostureException;
import java.util.Map;

/**
 * JSON from outside read by the device core: an MDM's managedDevice answer (a device or
 * PostureException) and a posture token's claims (a posture, never an exception).
 */
class GraphManagedDeviceFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "1s")
    void readsAnyJsonToADeviceOrARefusal(FuzzedDataProvider data) {
        JsonNode node;
        try {
            node = JSON.readTree(data.consumeRemainingAsString());
        } catch (JsonProcessingException notJson) {
            return;
        }
        if (node == null) {
            return;
        }
        try {
            GraphManagedDevice.of(node);
        } catch (PostureException refused) {
            // the parser's own refusal
        }
        if (node.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, ?> claims = JSON.convertValue(node, Map.class);
            PostureClaims.posture(claims);
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new GraphManagedDeviceFuzzTest().readsAnyJsonToADeviceOrARefusal(data);
    }
}
