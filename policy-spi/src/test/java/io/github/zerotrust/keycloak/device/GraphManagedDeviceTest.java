package io.github.zerotrust.keycloak.device;

import static io.github.zerotrust.keycloak.device.Postures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphManagedDeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode devices;

    @BeforeAll
    static void readSample() throws IOException {
        try (InputStream in = GraphManagedDeviceTest.class.getResourceAsStream("/device/graph-managed-devices.json")) {
            devices = JSON.readTree(in).get("value");
        }
    }

    private static GraphManagedDevice device(int index) throws PostureException {
        return GraphManagedDevice.of(devices.get(index));
    }

    private static GraphManagedDevice with(String field, String json) throws Exception {
        ObjectNode device = devices.get(0).deepCopy();
        device.set(field, JSON.readTree(json));
        return GraphManagedDevice.of(device);
    }

    @Nested
    class RealisticSample {

        @Test
        void aCompliantWindowsLaptop() throws PostureException {
            GraphManagedDevice laptop = device(0);
            assertThat(laptop.id()).contains("5b2e0f7a-3c1d-4e8b-9a6f-1d2c3b4a5e60");
            assertThat(laptop.deviceName()).contains("LAPTOP-7Q2K9M");
            assertThat(laptop.azureADDeviceId()).contains("a7c3e9f1-2b4d-4c6e-8f0a-1b3d5f7a9c2e");
            assertThat(laptop.userPrincipalName()).contains("alex.morgan@contoso.example");
            assertThat(laptop.managementAgent()).contains("mdm");

            Posture posture = laptop.posture();
            assertThat(posture.source()).isEqualTo("mdm-http");
            assertThat(posture.deviceId()).contains("5b2e0f7a-3c1d-4e8b-9a6f-1d2c3b4a5e60");
            assertThat(posture.platform()).contains(Platform.WINDOWS);
            assertThat(posture.osVersion()).contains(OsVersion.of("10.0.22631.3593"));
            assertThat(posture.diskEncrypted()).contains(true);
            assertThat(posture.jailbroken()).isEmpty();
            assertThat(posture.mdmCompliance()).contains(MdmCompliance.COMPLIANT);
            assertThat(posture.threat()).contains(DeviceThreat.CLEAR);
            assertThat(posture.managed()).contains(true);
            assertThat(posture.reportedAt()).contains(Instant.parse("2026-06-10T09:41:17.1234567Z"));
            // Graph says nothing about these, so they stay unknown.
            assertThat(posture.firewallOn()).isEmpty();
            assertThat(posture.antivirusRunning()).isEmpty();
            assertThat(posture.antivirusSignaturesUpdatedAt()).isEmpty();
            assertThat(posture.screenLock()).isEmpty();
        }

        @Test
        void anUnencryptedMacWithAnOldBuildSuffixedVersion() throws PostureException {
            Posture posture = device(1).posture();
            assertThat(posture.platform()).contains(Platform.MACOS);
            assertThat(posture.osVersion()).map(OsVersion::toString).contains("13.6.7");
            assertThat(posture.diskEncrypted()).contains(false);
            assertThat(posture.jailbroken()).contains(false);
            assertThat(posture.mdmCompliance()).contains(MdmCompliance.NONCOMPLIANT);
            assertThat(posture.threat()).isEmpty();
        }

        @Test
        void anIpadInTheMdmsGracePeriod() throws PostureException {
            Posture posture = device(2).posture();
            assertThat(posture.platform()).contains(Platform.IOS);
            assertThat(posture.mdmCompliance()).contains(MdmCompliance.IN_GRACE_PERIOD);
            assertThat(posture.threat()).contains(DeviceThreat.LOW);
            assertThat(posture.reportedAt()).contains(Instant.parse("2026-06-10T08:15:02.5Z"));
        }

        @Test
        void aRootedAndCompromisedAndroidPhone() throws PostureException {
            Posture posture = device(3).posture();
            assertThat(posture.platform()).contains(Platform.ANDROID);
            assertThat(posture.jailbroken()).contains(true);
            assertThat(posture.threat()).contains(DeviceThreat.HIGH);
            assertThat(posture.managed()).contains(true);
            assertThat(posture.reportedAt()).contains(Instant.parse("2026-06-10T05:59:59Z"));
        }

        @Test
        void aGarbledDeviceHasEveryFactUnknown() throws PostureException {
            GraphManagedDevice old = device(4);
            assertThat(old.azureADDeviceId()).as("the all-zero id means none").isEmpty();
            assertThat(old.userPrincipalName()).isEmpty();
            Posture posture = old.posture();
            assertThat(posture.platform()).isEmpty();
            assertThat(posture.osVersion()).isEmpty();
            assertThat(posture.mdmCompliance()).isEmpty();
            assertThat(posture.diskEncrypted()).as("a string is not a boolean").isEmpty();
            assertThat(posture.jailbroken()).isEmpty();
            assertThat(posture.threat()).isEmpty();
            assertThat(posture.managed()).as("eas is mail only").contains(false);
            assertThat(posture.reportedAt()).as("0001-01-01 is Graph's never").isEmpty();
        }

        @Test
        void theWholeSampleJudgedWithTheSettingsAnMdmConditionUses() throws PostureException {
            ComplianceBaseline mdm = ComplianceBaseline.parse(Map.of(ComplianceBaseline.REQUIRE_FIREWALL, "false",
                    ComplianceBaseline.REQUIRE_ANTIVIRUS, "false", ComplianceBaseline.REQUIRE_SCREEN_LOCK, "false",
                    ComplianceBaseline.MAX_THREAT, "high", ComplianceBaseline.REQUIRE_MDM_COMPLIANCE, "true",
                    ComplianceBaseline.MIN_OS_MACOS, "14.0"));
            assertThat(evaluate(device(0), mdm).failureIds()).isEmpty();
            assertThat(evaluate(device(1), mdm).failureIds()).containsExactly("os-version", "disk-encryption",
                    "mdm-compliance");
            assertThat(evaluate(device(2), mdm).failureIds()).isEmpty();
            assertThat(evaluate(device(3), mdm).failureIds()).containsExactly("jailbroken", "mdm-compliance");
            assertThat(evaluate(device(4), mdm).failureIds()).containsExactly("platform", "disk-encryption",
                    "jailbroken", "mdm-compliance", "posture-age");
        }

        private ComplianceVerdict evaluate(GraphManagedDevice device, ComplianceBaseline baseline) {
            return Compliance.evaluate(device.posture(), baseline, NOW, Optional.empty());
        }

        @Test
        void leavesPersonalDataOutOfItsText() throws PostureException {
            assertThat(device(0).toString()).isEqualTo("GraphManagedDevice[id=5b2e0f7a-3c1d-4e8b-9a6f-1d2c3b4a5e60, "
                    + "Windows 10.0.22631.3593, complianceState=compliant]").doesNotContain("alex").doesNotContain("LAPTOP");
        }
    }

    @Nested
    class Fields {

        @ParameterizedTest
        @CsvSource({"'\"True\"', true", "'\"true\"', true", "'\"False\"', false", "'\"FALSE\"', false", "true, true",
            "false, false"})
        void jailBrokenIsAStringInGraph(String json, boolean jailbroken) throws Exception {
            assertThat(with("jailBroken", json).jailBroken()).contains(jailbroken);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"Unknown\"", "\"\"", "\"yes\"", "1", "null", "{}", "[true]"})
        void anythingElseIsUnknown(String json) throws Exception {
            assertThat(with("jailBroken", json).jailBroken()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource({"compliant, COMPLIANT", "noncompliant, NONCOMPLIANT", "conflict, CONFLICT", "error, ERROR",
            "inGracePeriod, IN_GRACE_PERIOD", "configManager, CONFIG_MANAGER", "unknown, UNKNOWN"})
        void readsEveryComplianceState(String state, MdmCompliance expected) throws Exception {
            assertThat(with("complianceState", "\"" + state + "\"").complianceState()).contains(expected);
        }

        @ParameterizedTest
        @CsvSource({"secured, CLEAR", "lowSeverity, LOW", "mediumSeverity, MEDIUM", "highSeverity, HIGH",
            "compromised, HIGH"})
        void readsThePartnersThreat(String state, DeviceThreat threat) throws Exception {
            assertThat(with("partnerReportedThreatState", "\"" + state + "\"").posture().threat()).contains(threat);
        }

        @ParameterizedTest
        @ValueSource(strings = {"unknown", "activated", "deactivated", "unresponsive", "misconfigured", "bogus"})
        void aPartnerThatDoesNotKnowTheHealthGivesNoThreat(String state) throws Exception {
            assertThat(with("partnerReportedThreatState", "\"" + state + "\"").posture().threat()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource({"mdm, true", "easMdm, true", "intuneClient, true", "configurationManagerClientMdm, true",
            "jamf, true", "msSense, true", "eas, false", "unknown, false"})
        void managementFollowsTheAgent(String agent, boolean managed) throws Exception {
            assertThat(with("managementAgent", "\"" + agent + "\"").managed()).contains(managed);
        }

        @Test
        void anUnrecognisedAgentLeavesManagementUnknown() throws Exception {
            assertThat(with("managementAgent", "\"unknownFutureValue\"").managed()).isEmpty();
            assertThat(with("managementAgent", "null").managed()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"yesterday\"", "\"2026-06-10\"", "\"2026-06-10T09:00:00\"", "1718000000", "\"1999-12-31T23:59:59Z\""})
        void anUnreadableOrImplausibleSyncTimeIsUnknown(String json) throws Exception {
            assertThat(with("lastSyncDateTime", json).lastSyncDateTime()).isEmpty();
        }

        @Test
        void overlongOrControlCharacterTextIsUnknown() throws Exception {
            assertThat(with("id", "\"" + "x".repeat(300) + "\"").id()).isEmpty();
            assertThat(with("deviceName", "\"bad\\u0000name\"").deviceName()).isEmpty();
        }

        @Test
        void aDeviceWithNoFieldsAtAllIsAllUnknown() throws PostureException {
            Posture posture = GraphManagedDevice.of(JSON.createObjectNode()).posture();
            assertThat(posture).isEqualTo(Posture.from(Posture.MDM_HTTP).build());
        }
    }

    @Nested
    class NotADevice {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"device\"", "42", "null", "true"})
        void isRefused(String json) {
            assertThatExceptionOfType(PostureException.class)
                    .isThrownBy(() -> GraphManagedDevice.of(JSON.readTree(json)))
                    .withMessageStartingWith("A Graph managedDevice must be a JSON object, not ");
        }

        @Test
        void nothingIsRefused() {
            assertThatExceptionOfType(PostureException.class).isThrownBy(() -> GraphManagedDevice.of(null))
                    .withMessage("A Graph managedDevice must be a JSON object, not nothing.");
        }
    }
}
