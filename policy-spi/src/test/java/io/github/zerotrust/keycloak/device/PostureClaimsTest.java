package io.github.zerotrust.keycloak.device;

import static io.github.zerotrust.keycloak.device.Postures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostureClaimsTest {

    private static final long IAT = NOW.getEpochSecond() - 600;

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://agent.example");
        claims.put("sub", "device-sub");
        claims.put("device_id", "LAPTOP-7Q2K9M");
        claims.put("platform", "windows");
        claims.put("os_version", "10.0.22631.3593");
        claims.put("disk_encrypted", true);
        claims.put("firewall", true);
        claims.put("av_running", true);
        claims.put("av_signatures_at", IAT - 3600);
        claims.put("screen_lock", true);
        claims.put("jailbroken", false);
        claims.put("threat", "clear");
        claims.put("managed", true);
        claims.put("mdm_compliance", "compliant");
        claims.put("iat", IAT);
        claims.put("exp", IAT + 3600);
        return claims;
    }

    private static Posture with(String claim, Object value) {
        Map<String, Object> claims = claims();
        claims.put(claim, value);
        return PostureClaims.posture(claims);
    }

    @Test
    void mapsEveryClaim() {
        Posture posture = PostureClaims.posture(claims());
        assertThat(posture).isEqualTo(Posture.from(Posture.SIGNED_TOKEN).deviceId("LAPTOP-7Q2K9M")
                .platform(Platform.WINDOWS).osVersion(OsVersion.of("10.0.22631.3593")).diskEncrypted(true)
                .firewallOn(true).antivirusRunning(true).antivirusSignaturesUpdatedAt(Instant.ofEpochSecond(IAT - 3600))
                .screenLock(true).jailbroken(false).threat(DeviceThreat.CLEAR).managed(true)
                .mdmCompliance(MdmCompliance.COMPLIANT).reportedAt(Instant.ofEpochSecond(IAT)).build());
        assertThat(Compliance.evaluate(posture, ComplianceBaseline.defaults(), NOW, Optional.empty()).failures()).isEmpty();
    }

    @Test
    void claimNamesAreStable() {
        assertThat(List.of(PostureClaims.DEVICE_ID, PostureClaims.SUBJECT, PostureClaims.PLATFORM, PostureClaims.OS_VERSION,
                PostureClaims.DISK_ENCRYPTED, PostureClaims.FIREWALL, PostureClaims.AV_RUNNING, PostureClaims.AV_SIGNATURES_AT,
                PostureClaims.SCREEN_LOCK, PostureClaims.JAILBROKEN, PostureClaims.THREAT, PostureClaims.MANAGED,
                PostureClaims.MDM_COMPLIANCE, PostureClaims.ISSUED_AT)).containsExactly("device_id", "sub", "platform",
                "os_version", "disk_encrypted", "firewall", "av_running", "av_signatures_at", "screen_lock", "jailbroken",
                "threat", "managed", "mdm_compliance", "iat");
    }

    @Test
    void theSubjectIsTheDeviceWhenThereIsNoDeviceId() {
        assertThat(with("device_id", null).deviceId()).contains("device-sub");
        assertThat(with("device_id", 42).deviceId()).contains("device-sub");
        assertThat(with("device_id", "").deviceId()).contains("device-sub");
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("disk_encrypted", "true"), Arguments.of("disk_encrypted", 1),
                Arguments.of("firewall", "on"), Arguments.of("av_running", List.of(true)),
                Arguments.of("screen_lock", Map.of("enabled", true)), Arguments.of("jailbroken", "false"),
                Arguments.of("managed", 0), Arguments.of("platform", 1), Arguments.of("platform", "BeOS"),
                Arguments.of("os_version", 14), Arguments.of("os_version", "1..2"), Arguments.of("os_version", "x".repeat(100)),
                Arguments.of("threat", "severe"), Arguments.of("threat", 2), Arguments.of("mdm_compliance", true),
                Arguments.of("mdm_compliance", "fine"), Arguments.of("av_signatures_at", true),
                Arguments.of("av_signatures_at", "last week"), Arguments.of("iat", "now"), Arguments.of("iat", -1),
                Arguments.of("iat", IAT * 1000), Arguments.of("iat", Double.NaN), Arguments.of("iat", Long.MAX_VALUE),
                Arguments.of("iat", Long.MIN_VALUE), Arguments.of("iat", new BigInteger("9".repeat(40))),
                Arguments.of("iat", 946684799L), Arguments.of("device_id", "x".repeat(256)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("wrongTypes")
    void aClaimOfTheWrongTypeOrValueIsUnknown(String claim, Object value) {
        Posture.Builder expected = PostureClaims.posture(claims()).toBuilder();
        switch (claim) {
            case "device_id" -> expected.deviceId("device-sub");
            case "platform" -> expected.platform(null);
            case "os_version" -> expected.osVersion(null);
            case "disk_encrypted" -> expected.diskEncrypted(null);
            case "firewall" -> expected.firewallOn(null);
            case "av_running" -> expected.antivirusRunning(null);
            case "av_signatures_at" -> expected.antivirusSignaturesUpdatedAt(null);
            case "screen_lock" -> expected.screenLock(null);
            case "jailbroken" -> expected.jailbroken(null);
            case "threat" -> expected.threat(null);
            case "managed" -> expected.managed(null);
            case "mdm_compliance" -> expected.mdmCompliance(null);
            case "iat" -> expected.reportedAt(null);
            default -> throw new IllegalArgumentException(claim);
        }
        assertThat(with(claim, value)).isEqualTo(expected.build());
    }

    @Test
    void anUnknownRequiredFactFailsClosed() {
        ComplianceBaseline baseline = ComplianceBaseline.parse(Map.of(ComplianceBaseline.MIN_OS_WINDOWS, "10.0.22631"));
        for (String claim : List.of("platform", "os_version", "disk_encrypted", "firewall", "av_running",
                "av_signatures_at", "screen_lock", "threat", "iat")) {
            ComplianceVerdict verdict = Compliance.evaluate(with(claim, "garbage"), baseline, NOW, Optional.empty());
            assertThat(verdict.allowsAccess()).as(claim).isFalse();
            assertThat(verdict.failures()).as(claim).isNotEmpty().allMatch(Failure::notReported);
        }
    }

    @Test
    void aNullClaimIsUnknown() {
        assertThat(with("disk_encrypted", null).diskEncrypted()).isEmpty();
        assertThat(with("iat", null).reportedAt()).isEmpty();
    }

    @Test
    void readsNumericDatesWithFractionsAndIsoText() {
        assertThat(with("iat", 1_781_085_600.25).reportedAt()).contains(Instant.parse("2026-06-10T10:00:00.250Z"));
        assertThat(with("iat", 1_781_085_600).reportedAt()).contains(Instant.parse("2026-06-10T10:00:00Z"));
        assertThat(with("av_signatures_at", "2026-06-10T08:00:00+02:00").antivirusSignaturesUpdatedAt())
                .contains(Instant.parse("2026-06-10T06:00:00Z"));
    }

    @Test
    void aTokenDatedAheadIsKeptAndFailsTheAgeCheck() {
        Posture posture = with("iat", NOW.getEpochSecond() + 3600);
        assertThat(posture.reportedAt()).contains(NOW.plusSeconds(3600));
        assertThat(Compliance.evaluate(posture, ComplianceBaseline.defaults(), NOW, Optional.empty()).failureIds())
                .containsExactly("posture-age");
    }

    @Test
    void readsAnyCaseOfTheNamedValues() {
        Posture posture = PostureClaims.posture(Map.of("platform", "iPadOS", "threat", "MEDIUM",
                "mdm_compliance", "inGracePeriod"));
        assertThat(posture.platform()).contains(Platform.IOS);
        assertThat(posture.threat()).contains(DeviceThreat.MEDIUM);
        assertThat(posture.mdmCompliance()).contains(MdmCompliance.IN_GRACE_PERIOD);
    }

    @Test
    void noClaimsAtAllIsAPostureWithNothingKnown() {
        assertThat(PostureClaims.posture(null)).isEqualTo(Posture.from(Posture.SIGNED_TOKEN).build());
        assertThat(PostureClaims.posture(Map.of())).isEqualTo(Posture.from(Posture.SIGNED_TOKEN).build());
    }
}
