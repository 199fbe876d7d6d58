package io.github.zerotrust.keycloak.authn.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.device.MdmCompliance;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MdmClientTest {

    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 200;
    private volatile String lastAuthorization;
    private HttpServer mdm;
    private MdmSettings settings;
    private final MdmClient client = MdmClient.create(Duration.ofSeconds(60), 10, new MdmSettingsTest.TickingClock());

    @BeforeEach
    void startMdm() throws IOException {
        mdm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdm.createContext("/v1.0/deviceManagement/managedDevices/", exchange -> {
            calls.incrementAndGet();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            String id = exchange.getRequestURI().getPath().replaceAll(".*/", "");
            byte[] body = ("{\"id\":\"" + id + "\",\"operatingSystem\":\"macOS\",\"osVersion\":\"14.5\","
                    + "\"complianceState\":\"compliant\",\"managementAgent\":\"mdm\",\"userPrincipalName\":\"alice@example.test\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (status == 200) {
                    out.write(body);
                }
            }
        });
        mdm.start();
        settings = MdmSettings.of(Map.of(MdmSettings.URL, "http://127.0.0.1:" + mdm.getAddress().getPort() + "/v1.0",
                MdmSettings.TOKEN, "${vault.mdm}"));
    }

    @AfterEach
    void stopMdm() {
        mdm.stop(0);
    }

    @Test
    void asksTheMdmOnceAndAnswersFromTheCacheAfterwards() throws DevicePostureUnavailable {
        UnaryOperator<String> vault = raw -> "resolved-token";
        assertThat(client.posture(settings, "realm", "MBP-1", device -> true, vault).orElseThrow().mdmCompliance())
                .contains(MdmCompliance.COMPLIANT);
        assertThat(client.posture(settings, "realm", "MBP-1", device -> true, vault)).isPresent();
        assertThat(calls).hasValue(1);
        assertThat(lastAuthorization).isEqualTo("Bearer resolved-token");
    }

    @Test
    void aDeviceOfSomeoneElseIsUnknown() throws DevicePostureUnavailable {
        assertThat(client.posture(settings, "realm", "MBP-2", device -> false, UnaryOperator.identity())).isEmpty();
    }

    @Test
    void aDeviceTheMdmDoesNotKnowIsUnknownAndAnErrorFailsClosed() throws DevicePostureUnavailable {
        status = 404;
        assertThat(client.posture(settings, "realm", "MBP-3", device -> true, UnaryOperator.identity())).isEmpty();
        status = 503;
        assertThatThrownBy(() -> client.posture(settings, "realm", "MBP-4", device -> true, UnaryOperator.identity()))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessageContaining("HTTP 503")
                .satisfies(e -> assertThat(((DevicePostureUnavailable) e).failOpen()).isFalse());
    }
}
