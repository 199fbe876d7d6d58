package io.github.zerotrust.keycloak.bench;

import com.sun.net.httpserver.HttpServer;
import io.github.zerotrust.keycloak.authn.device.MdmClient;
import io.github.zerotrust.keycloak.authn.device.MdmSettings;
import io.github.zerotrust.keycloak.device.GraphManagedDevice;
import io.github.zerotrust.keycloak.device.MdmCompliance;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.spi.DevicePostureUnavailable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.outbound.OutboundRules;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code mdm-http} adds to one sign-in: the provider's lookup ({@link MdmClient}, the code the provider
 * runs once it has the realm's settings and the user) against a local MDM, a JDK {@link HttpServer} on
 * loopback answering Graph's managedDevice of the device asked about. {@code cacheHit}: the device's answer is
 * in the node's cache (the steady state within the cache's lifetime). {@code cacheMiss}: the cache's answer has
 * expired, so the lookup does the HTTP round trip, reads the JSON, maps it to a posture and caches it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MdmHttpBenchmark {

    static final int DEVICES = 256;
    static final String USER = "alice@example.test";
    static final Duration TTL = Duration.ofSeconds(60);

    private HttpServer mdm;
    private ExecutorService mdmThreads;
    private MdmSettings settings;
    // In the server the client comes from Keycloak's HttpClientProvider: Apache HttpClient 4.5, cookies off.
    private CloseableHttpClient apache;
    private Outbound http;
    private MdmClient warm;
    private MdmClient cold;
    private String[] deviceIds;
    private int next;
    private final Predicate<GraphManagedDevice> owned =
            device -> device.userPrincipalName().map(upn -> upn.toLowerCase(Locale.ROOT)).filter(USER::equals).isPresent();
    private final UnaryOperator<String> noVault = UnaryOperator.identity();

    @Setup(Level.Trial)
    public void setUp() throws IOException, DevicePostureUnavailable {
        // The JDK server writes headers and body separately; with Nagle on, the body waits for the client's delayed
        // ACK (~40 ms on Linux). A real MDM (Graph) does not do that, so the local one must not either.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        mdm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mdm.createContext("/v1.0/deviceManagement/managedDevices/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = managedDevice(path.substring(path.lastIndexOf('/') + 1)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        mdmThreads = Executors.newFixedThreadPool(2);
        mdm.setExecutor(mdmThreads);
        mdm.start();
        settings = MdmSettings.of(Map.of(
                MdmSettings.URL, "http://127.0.0.1:" + mdm.getAddress().getPort() + "/v1.0",
                MdmSettings.TOKEN, "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.bench.token",
                MdmSettings.TIMEOUT_MS, "2000"));
        deviceIds = new String[DEVICES];
        for (int i = 0; i < DEVICES; i++) {
            deviceIds[i] = String.format("%08x-6b1e-4c0a-9d3e-%012x", 0x2a5c0000 + i, 0x5f00_0000_0000L + i * 7919L);
        }

        apache = HttpClients.custom().disableCookieManagement().build();
        // The operator's rules as a server running this benchmark would set them: the loopback MDM, over http.
        http = new Outbound(apache, OutboundRules.parse("127.0.0.1", "127.0.0.0/8", true));
        warm = MdmClient.create(TTL, 10_000, Clock.systemUTC());
        // A clock that moves past the cache's lifetime at every reading: each look finds its answer expired.
        cold = MdmClient.create(TTL, 10_000, new LeapingClock(TTL.plusSeconds(1)));
        for (String deviceId : deviceIds) {
            Posture posture = warm.posture(http, settings, "realm-id", deviceId, owned, noVault).orElseThrow();
            if (posture.mdmCompliance().orElseThrow() != MdmCompliance.COMPLIANT || !posture.managed().orElseThrow()) {
                throw new IllegalStateException("The local MDM's device does not map to a compliant managed device: " + posture);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        apache.close();
        mdm.stop(0);
        mdmThreads.shutdownNow();
    }

    @Benchmark
    public Optional<Posture> cacheHit() throws DevicePostureUnavailable {
        return warm.posture(http, settings, "realm-id", nextDevice(), owned, noVault);
    }

    @Benchmark
    public Optional<Posture> cacheMiss() throws DevicePostureUnavailable {
        return cold.posture(http, settings, "realm-id", nextDevice(), owned, noVault);
    }

    private String nextDevice() {
        next = (next + 1) & (DEVICES - 1);
        return deviceIds[next];
    }

    /** What Graph v1.0 answers for {@code GET /deviceManagement/managedDevices/{id}}: an Intune-managed Windows laptop, all fields. */
    static String managedDevice(String id) {
        Instant now = Instant.now();
        return """
                {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices/$entity",\
                "id":"%s","userId":"6c4d2f9e-0b1a-4e7c-8d33-2f1e9a7b5c10","deviceName":"DESKTOP-7Q2K9MB",\
                "managedDeviceOwnerType":"company","enrolledDateTime":"2025-09-14T08:21:37Z","lastSyncDateTime":"%s",\
                "operatingSystem":"Windows","complianceState":"compliant","jailBroken":"False","managementAgent":"mdm",\
                "osVersion":"10.0.22631.3593","easActivated":true,"easDeviceId":"4F1C2A7D9E3B5A60","easActivationDateTime":"2025-09-14T08:25:02Z",\
                "azureADRegistered":true,"deviceEnrollmentType":"windowsAzureADJoin","activationLockBypassCode":null,\
                "emailAddress":"alice@example.test","azureADDeviceId":"a81f3c52-9d07-4b6e-b1c4-7e2d5f08a943",\
                "deviceRegistrationState":"registered","deviceCategoryDisplayName":"Unknown","isSupervised":false,\
                "exchangeLastSuccessfulSyncDateTime":"0001-01-01T00:00:00Z","exchangeAccessState":"none",\
                "exchangeAccessStateReason":"none","remoteAssistanceSessionUrl":null,"remoteAssistanceSessionErrorDetails":null,\
                "isEncrypted":true,"userPrincipalName":"Alice@example.test","model":"Latitude 7440","manufacturer":"Dell Inc.",\
                "imei":"","complianceGracePeriodExpirationDateTime":"9999-12-31T23:59:59Z","serialNumber":"9XK2Q73",\
                "phoneNumber":"","androidSecurityPatchLevel":"","userDisplayName":"Alice Example",\
                "configurationManagerClientEnabledFeatures":null,"wiFiMacAddress":"3C2195A1B7E4","deviceHealthAttestationState":null,\
                "subscriberCarrier":"","meid":"","totalStorageSpaceInBytes":510770802688,"freeStorageSpaceInBytes":287762808832,\
                "managedDeviceName":"alice_Windows_9/14/2025_8:21 AM","partnerReportedThreatState":"secured",\
                "requireUserEnrollmentApproval":null,"managementCertificateExpirationDate":"2026-09-13T10:11:42Z",\
                "iccid":null,"udid":null,"notes":null,"ethernetMacAddress":null,"physicalMemoryInBytes":0,\
                "enrollmentProfileName":null,"deviceActionResults":[]}""".formatted(id, now.minusSeconds(900));
    }

    /** Moves {@code step} forward at every reading. */
    static final class LeapingClock extends Clock {
        private final Duration step;
        private Instant now = Instant.parse("2026-06-10T10:00:00Z");

        LeapingClock(Duration step) {
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(step);
            return now;
        }
    }
}
