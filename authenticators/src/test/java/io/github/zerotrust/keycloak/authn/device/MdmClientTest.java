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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.outbound.OutboundRules;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MdmClientTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger elsewhere = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService mdmThreads = Executors.newCachedThreadPool();
    private volatile int status = 200;
    private volatile String compliance = "compliant";
    private volatile String lastAuthorization;
    private HttpServer mdm;
    private MdmSettings settings;
    private final MdmClient client = MdmClient.create(Duration.ofSeconds(60), 10, new MdmSettingsTest.TickingClock());
    // What Keycloak's HttpClientProvider hands out, minus the server's truststore and proxy settings.
    private final CloseableHttpClient apache = HttpClients.custom().disableCookieManagement().build();
    /** As a test server runs: the loopback MDM's host allowed, over plain http. */
    private final Outbound http = new Outbound(apache, OutboundRules.parse("127.0.0.1", "127.0.0.0/8", true));

    @BeforeEach
    void startMdm() throws IOException {
        mdm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdm.createContext("/v1.0/deviceManagement/managedDevices/", exchange -> {
            calls.incrementAndGet();
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            String id = exchange.getRequestURI().getPath().replaceAll(".*/", "");
            byte[] body = ("{\"id\":\"" + id + "\",\"operatingSystem\":\"macOS\",\"osVersion\":\"14.5\","
                    + "\"complianceState\":\"" + compliance + "\",\"managementAgent\":\"mdm\",\"userPrincipalName\":\"alice@example.test\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (status == 200) {
                    out.write(body);
                }
            }
        });
        mdm.createContext("/redirect/", exchange -> {
            exchange.getResponseHeaders().set("Location", base() + "/elsewhere/deviceManagement/managedDevices/MBP-9");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        mdm.createContext("/elsewhere/", exchange -> {
            elsewhere.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        mdm.createContext("/huge/", exchange -> {
            byte[] body = ("{\"id\":\"MBP-8\",\"notes\":\"" + "x".repeat(MdmClient.MAX_ANSWER_BYTES) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        mdm.createContext("/silent/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        mdm.setExecutor(mdmThreads);
        mdm.start();
        settings = MdmSettings.of(Map.of(MdmSettings.URL, "http://127.0.0.1:" + mdm.getAddress().getPort() + "/v1.0",
                MdmSettings.TOKEN, MdmSettings.VAULT_REFERENCE));
    }

    @AfterEach
    void stopMdm() throws IOException {
        release.countDown();
        mdm.stop(0);
        mdmThreads.shutdownNow();
        apache.close();
    }

    private String base() {
        return "http://127.0.0.1:" + mdm.getAddress().getPort();
    }

    private MdmSettings at(String prefix) {
        return MdmSettings.of(Map.of(MdmSettings.URL, base() + prefix, MdmSettings.TOKEN, MdmSettings.VAULT_REFERENCE,
                MdmSettings.TIMEOUT_MS, "200"));
    }

    @Test
    void asksTheMdmOnceAndAnswersFromTheCacheAfterwards() throws DevicePostureUnavailable {
        UnaryOperator<String> vault = raw -> "resolved-token";
        assertThat(client.posture(http, settings, "realm", "MBP-1", device -> true, vault).orElseThrow().mdmCompliance())
                .contains(MdmCompliance.COMPLIANT);
        assertThat(client.posture(http, settings, "realm", "MBP-1", device -> true, vault)).isPresent();
        assertThat(calls).hasValue(1);
        assertThat(lastAuthorization).isEqualTo("Bearer resolved-token");
    }

    @Test
    void aSecondUserOfTheSameBrowserDoesNotInheritTheFirstUsersCachedAnswer() throws DevicePostureUnavailable {
        assertThat(client.posture(http, settings, "realm", "MBP-SHARED", device -> false, UnaryOperator.identity()))
                .as("the first caller does not own it").isEmpty();
        assertThat(client.posture(http, settings, "realm", "MBP-SHARED", device -> true, UnaryOperator.identity()))
                .as("the owner, within the cache's lifetime, still gets the MDM's answer").isPresent();
        assertThat(client.posture(http, settings, "realm", "MBP-SHARED", device -> false, UnaryOperator.identity()))
                .as("and someone else after the owner gets nothing").isEmpty();
    }

    @Test
    void anAnswerAnotherNodeFetchedReplacesADifferentOneKeptHereButNotTheSame() throws DevicePostureUnavailable {
        MdmClient nodeA = MdmClient.create(Duration.ofSeconds(60), 10, new MdmSettingsTest.TickingClock());
        MdmClient nodeB = MdmClient.create(Duration.ofSeconds(60), 10, new MdmSettingsTest.TickingClock());
        List<Boolean> forgotOnA = new ArrayList<>();
        List<Boolean> forgotOnB = new ArrayList<>();
        // The cluster: what one node fetched, the other is told.
        BiConsumer<String, String> fromA = (key, digest) -> forgotOnB.add(nodeB.fetchedElsewhere(key, digest));
        BiConsumer<String, String> fromB = (key, digest) -> forgotOnA.add(nodeA.fetchedElsewhere(key, digest));
        UnaryOperator<String> vault = UnaryOperator.identity();

        assertThat(nodeB.posture(http, settings, "realm", "MBP-7", d -> true, vault, fromB).orElseThrow().mdmCompliance())
                .contains(MdmCompliance.COMPLIANT);
        compliance = "noncompliant";
        assertThat(nodeA.posture(http, settings, "realm", "MBP-7", d -> true, vault, fromA).orElseThrow().mdmCompliance())
                .as("node A asks the MDM afresh").contains(MdmCompliance.NONCOMPLIANT);
        assertThat(forgotOnB).as("node B held a different answer and forgot it").containsExactly(true);
        assertThat(nodeB.posture(http, settings, "realm", "MBP-7", d -> true, vault, fromB).orElseThrow().mdmCompliance())
                .as("so node B asks again rather than answering compliant").contains(MdmCompliance.NONCOMPLIANT);
        assertThat(calls).hasValue(3);
        assertThat(forgotOnA).as("node A held nothing at first, then holds that same answer and keeps it")
                .containsExactly(false, false);
        assertThat(nodeA.posture(http, settings, "realm", "MBP-7", d -> true, vault, fromA)).isPresent();
        assertThat(calls).as("node A answered from its cache").hasValue(3);
        assertThat(nodeA.fetchedElsewhere("realm|" + base() + "/v1.0|MBP-OTHER", "x"))
                .as("an announcement for a device not kept here changes nothing").isFalse();
    }

    @Test
    void aDeviceOfSomeoneElseIsUnknown() throws DevicePostureUnavailable {
        assertThat(client.posture(http, settings, "realm", "MBP-2", device -> false, UnaryOperator.identity())).isEmpty();
    }

    @Test
    void aDeviceTheMdmDoesNotKnowIsUnknownAndAnErrorFailsClosed() throws DevicePostureUnavailable {
        status = 404;
        assertThat(client.posture(http, settings, "realm", "MBP-3", device -> true, UnaryOperator.identity())).isEmpty();
        status = 503;
        assertThatThrownBy(() -> client.posture(http, settings, "realm", "MBP-4", device -> true, UnaryOperator.identity()))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessage(MdmClient.NO_USABLE_ANSWER)
                .satisfies(e -> assertThat(((DevicePostureUnavailable) e).failOpen()).isFalse());
    }

    @Test
    void onlyTheFixedVaultReferenceIsEverResolvedOrSent() {
        MdmSettings otherKey = MdmSettings.of(Map.of(MdmSettings.URL, base() + "/v1.0", MdmSettings.TOKEN, "${vault.smtp-password}"));
        MdmSettings plain = MdmSettings.of(Map.of(MdmSettings.URL, base() + "/v1.0", MdmSettings.TOKEN, "plain-token"));

        assertThatThrownBy(() -> client.posture(http, otherKey, "realm", "MBP-10", device -> true, raw -> "smtp-secret"))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessageContaining("must be ${vault.zt-mdm-token}")
                .satisfies(e -> assertThat(((DevicePostureUnavailable) e).failOpen()).isFalse());
        assertThatThrownBy(() -> client.posture(http, plain, "realm", "MBP-11", device -> true, UnaryOperator.identity()))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessageEndingWith("not the token itself");
        assertThat(calls).as("nothing was sent").hasValue(0);
    }

    @Test
    void aVaultWithoutTheTokenFailsClosedInsteadOfSendingTheReference() {
        assertThatThrownBy(() -> client.posture(http, settings, "realm", "MBP-12", device -> true, raw -> null))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessageContaining("not in the server's vault");
        assertThat(calls).hasValue(0);
    }

    @Test
    void anMdmUrlOutsideTheOperatorsHostsFailsClosedAndSendsNoToken() {
        Outbound strict = new Outbound(apache, OutboundRules.parse("graph.microsoft.com", "", false));

        assertThatThrownBy(() -> client.posture(strict, settings, "realm", "MBP-5", device -> true, raw -> "secret"))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessageContaining("outbound rules")
                .satisfies(e -> assertThat(((DevicePostureUnavailable) e).failOpen()).isFalse());
        assertThat(calls).as("the MDM was never asked").hasValue(0);
        assertThat(lastAuthorization).isNull();
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenGoesToTheConfiguredHostOnly() {
        assertThatThrownBy(() -> client.posture(http, at("/redirect"), "realm", "MBP-9", device -> true, raw -> "secret"))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessage(MdmClient.NO_USABLE_ANSWER);
        assertThat(elsewhere).hasValue(0);
    }

    @Test
    void anAnswerLargerThanTheCapIsNotReadAndFailsClosed() {
        assertThatThrownBy(() -> client.posture(http, at("/huge"), "realm", "MBP-8", device -> true, UnaryOperator.identity()))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessage(MdmClient.NO_USABLE_ANSWER)
                .satisfies(e -> assertThat(((DevicePostureUnavailable) e).failOpen()).isFalse());
    }

    @Test
    void anMdmThatDoesNotAnswerIsCutOffAtTheTimeoutAndFailsClosed() {
        assertThatThrownBy(() -> client.posture(http, at("/silent"), "realm", "MBP-7", device -> true, UnaryOperator.identity()))
                .isInstanceOf(DevicePostureUnavailable.class).hasMessage(MdmClient.NO_USABLE_ANSWER);
    }
}
