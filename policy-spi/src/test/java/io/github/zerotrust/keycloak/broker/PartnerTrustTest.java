package io.github.zerotrust.keycloak.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartnerTrustTest {

    static final Map<String, String> TRUSTED = Map.of(PartnerTrust.TRUST_MFA, "true",
            PartnerTrust.ACR_MAP, "{\"urn:partner:mfa\":\"mfa\",\"urn:partner:phr\":\"phr\"}",
            PartnerTrust.AMR_MAP, "{\"otp\":\"mfa\",\"hwk\":\"phr\"}");

    static Optional<UpstreamToken> token(String acr, String... amr) {
        return Optional.of(new UpstreamToken(Optional.ofNullable(acr), List.of(amr)));
    }

    @Test
    void nothingIsTrustedByDefault() {
        PartnerTrust trust = PartnerTrust.read(Map.of());
        assertThat(trust).isEqualTo(PartnerTrust.none());
        Upstream upstream = trust.judge("partner", token("urn:partner:mfa", "otp"), true);
        assertThat(upstream.trusted()).isEmpty();
        assertThat(upstream.why()).isEqualTo("trust of the provider's MFA is off");
        assertThat(upstream.acr()).contains("urn:partner:mfa");
    }

    @Test
    void aMappedAcrCountsAsItsStrength() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner", token("urn:partner:mfa"), true);
        assertThat(upstream.trusted()).contains("mfa");
        assertThat(upstream.why()).isEqualTo("acr urn:partner:mfa is mapped to mfa");
        assertThat(upstream.trustedFor("mfa")).isTrue();
        assertThat(upstream.trustedFor("phr")).isFalse();
    }

    @Test
    void phishingResistantUpstreamAlsoCountsAsMfa() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner", token("urn:partner:phr"), true);
        assertThat(upstream.trustedFor("mfa")).isTrue();
        assertThat(upstream.trustedFor("phr")).isTrue();
        assertThat(upstream.trustedFor("none")).isFalse();
    }

    @Test
    void anAmrValueInTheMapCountsWhenTheAcrDoesNot() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner", token("1", "pwd", "hwk"), true);
        assertThat(upstream.trusted()).contains("phr");
        assertThat(upstream.why()).isEqualTo("amr hwk is mapped to phr");
    }

    @Test
    void anAcrNotInTheMapWithoutAmrTrustsNothing() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner", token("urn:partner:password"), true);
        assertThat(upstream.trusted()).isEmpty();
        assertThat(upstream.why()).isEqualTo("acr urn:partner:password is not in the map, no amr: nothing trusted");
    }

    @Test
    void aMissingAmrAndAcrTrustNothing() {
        assertThat(PartnerTrust.read(TRUSTED).judge("partner", token(null), true).trusted()).isEmpty();
        assertThat(PartnerTrust.read(TRUSTED).judge("partner", token(null, "pwd"), true).why())
                .isEqualTo("no acr, no amr value [pwd] is in the map: nothing trusted");
    }

    @Test
    void noIdTokenTrustsNothing() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner", Optional.empty(), true);
        assertThat(upstream.trusted()).isEmpty();
        assertThat(upstream.why()).isEqualTo("no ID token from the provider: nothing trusted");
    }

    @Test
    void aProviderThatDoesNotValidateSignaturesIsNeverTrusted() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner", token("urn:partner:phr"), false);
        assertThat(upstream.trusted()).isEmpty();
        assertThat(upstream.why()).isEqualTo("the provider does not validate ID token signatures: nothing trusted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[\"mfa\"]", "{\"urn:x\":\"strong\"}", "{\"urn:x\":\"none\"}", "{\"urn:x\":2}",
            "{\"urn:x\":\"mfa\",\"urn:x\":\"phr\"}", "{\"\":\"mfa\"}", "{\"urn:x\":\"mfa\"} trailing", "{\"a\\u0000\":\"mfa\"}",
            "{\"urn:x\":{\"nested\":\"mfa\"}}"})
    void anUnusableAcrMapTrustsNothingAndSaysWhy(String map) {
        PartnerTrust trust = PartnerTrust.read(Map.of(PartnerTrust.TRUST_MFA, "true", PartnerTrust.ACR_MAP, map,
                PartnerTrust.AMR_MAP, "{\"otp\":\"mfa\"}"));
        assertThat(trust.problems()).isNotEmpty().allMatch(p -> p.startsWith(PartnerTrust.ACR_MAP + ": "));
        Upstream upstream = trust.judge("partner", token("urn:x", "otp"), true);
        assertThat(upstream.trusted()).isEmpty();
        assertThat(upstream.why()).startsWith("trust settings unusable (").endsWith("): nothing trusted");
    }

    @Test
    void aTrustFlagThatIsNotTrueOrFalseTrustsNothing() {
        PartnerTrust trust = PartnerTrust.read(Map.of(PartnerTrust.TRUST_MFA, "maybe", PartnerTrust.ACR_MAP, "{\"urn:x\":\"mfa\"}"));
        assertThat(trust.problems()).hasSize(1);
        assertThat(trust.judge("partner", token("urn:x"), true).trusted()).isEmpty();
    }

    @Test
    void anOverlongMapTrustsNothing() {
        String huge = "{\"" + "a".repeat(PartnerTrust.MAX_MAP_LENGTH) + "\":\"mfa\"}";
        PartnerTrust trust = PartnerTrust.read(Map.of(PartnerTrust.TRUST_MFA, "true", PartnerTrust.ACR_MAP, huge));
        assertThat(trust.problems()).isNotEmpty();
        assertThat(trust.acrMap()).isEmpty();
    }

    @Test
    void theMapIsTakenWholeOrNotAtAll() {
        PartnerTrust trust = PartnerTrust.read(Map.of(PartnerTrust.TRUST_MFA, "true",
                PartnerTrust.ACR_MAP, "{\"urn:a\":\"mfa\",\"urn:b\":\"super\"}"));
        assertThat(trust.acrMap()).isEmpty();
        assertThat(trust.judge("partner", token("urn:a"), true).trusted()).isEmpty();
    }

    // The partner's word on the device.

    static final Map<String, String> DEVICE_TRUSTED = Map.of(PartnerTrust.TRUST_DEVICE, "true");
    static final DeviceFinding UNKNOWN = DeviceFinding.unknown(Optional.empty());

    static Optional<UpstreamToken> device(String claim) {
        return Optional.of(new UpstreamToken(Optional.empty(), List.of(), Optional.ofNullable(claim)));
    }

    @Test
    void aDeviceClaimIsNotTrustedByDefault() {
        Upstream upstream = PartnerTrust.read(Map.of()).judge("partner", device("compliant"), true);
        assertThat(upstream.trustedDevice()).isEmpty();
        assertThat(upstream.deviceWhy()).isEqualTo("trust of the provider's device claim is off");
        assertThat(UNKNOWN.vouchedBy(Optional.of(upstream))).isSameAs(UNKNOWN);
    }

    @Test
    void aTrustedCompliantClaimMakesAnUnknownDeviceCompliant() {
        Upstream upstream = PartnerTrust.read(DEVICE_TRUSTED).judge("partner", device("compliant"), true);
        assertThat(upstream.trustedDevice()).contains(DeviceTrust.COMPLIANT);
        assertThat(upstream.deviceWhy()).isEqualTo("device_trust compliant is trusted");
        DeviceFinding seen = UNKNOWN.vouchedBy(Optional.of(upstream));
        assertThat(seen.status()).isEqualTo(DeviceFinding.Status.COMPLIANT);
        assertThat(seen.trust()).isEqualTo(DeviceTrust.COMPLIANT);
        assertThat(seen.allowsAccess()).isTrue();
        assertThat(upstream.trusted()).as("MFA trust stays off").isEmpty();
    }

    @Test
    void aTrustedManagedClaimMakesTheDeviceManagedButNotCompliant() {
        DeviceFinding seen = UNKNOWN.vouchedBy(Optional.of(PartnerTrust.read(DEVICE_TRUSTED).judge("partner", device("managed"), true)));
        assertThat(seen.trust()).isEqualTo(DeviceTrust.MANAGED);
        assertThat(seen.allowsAccess()).isFalse();
        assertThat(seen.failureIds()).isEqualTo(DeviceFinding.UPSTREAM_MANAGED_ONLY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unmanaged", "yes", "true", "COMPLIANT-ish", "compliant\u0000"})
    void aClaimThatIsNeitherCompliantNorManagedTrustsNothing(String claim) {
        Upstream upstream = PartnerTrust.read(DEVICE_TRUSTED).judge("partner", device(claim), true);
        assertThat(upstream.trustedDevice()).isEmpty();
        assertThat(UNKNOWN.vouchedBy(Optional.of(upstream))).isSameAs(UNKNOWN);
        assertThat(upstream.deviceWhy()).endsWith("nothing trusted").doesNotContain("\u0000");
    }

    @Test
    void aMissingDeviceClaimTrustsNothing() {
        Upstream upstream = PartnerTrust.read(DEVICE_TRUSTED).judge("partner", device(null), true);
        assertThat(upstream.trustedDevice()).isEmpty();
        assertThat(upstream.deviceWhy()).isEqualTo("no device_trust claim: nothing trusted");
    }

    @Test
    void theDeviceClaimIsReadUnderTheConfiguredName() {
        PartnerTrust trust = PartnerTrust.read(Map.of(PartnerTrust.TRUST_DEVICE, "true", PartnerTrust.DEVICE_CLAIM, "partner_device"));
        assertThat(trust.deviceClaim()).isEqualTo("partner_device");
        assertThat(trust.judge("partner", device(null), true).deviceWhy()).isEqualTo("no partner_device claim: nothing trusted");
        assertThat(PartnerTrust.read(Map.of(PartnerTrust.DEVICE_CLAIM, "\u0007bell")).problems()).isNotEmpty();
    }

    @Test
    void aDeviceClaimOfAProviderThatDoesNotValidateSignaturesOrSentNoTokenIsNeverTrusted() {
        PartnerTrust trust = PartnerTrust.read(DEVICE_TRUSTED);
        assertThat(trust.judge("partner", device("compliant"), false).trustedDevice()).isEmpty();
        assertThat(trust.judge("partner", device("compliant"), false).deviceWhy())
                .isEqualTo("the provider does not validate ID token signatures: nothing trusted");
        assertThat(trust.judge("partner", Optional.empty(), true).trustedDevice()).isEmpty();
    }

    @Test
    void unusableSettingsTrustNoDeviceEither() {
        PartnerTrust trust = PartnerTrust.read(Map.of(PartnerTrust.TRUST_DEVICE, "true", PartnerTrust.ACR_MAP, "not json"));
        assertThat(trust.judge("partner", device("compliant"), true).trustedDevice()).isEmpty();
    }

    @Test
    void whatTheRealmKnowsOfTheDeviceIsNeverOverruledByThePartner() {
        Upstream upstream = PartnerTrust.read(DEVICE_TRUSTED).judge("partner", device("compliant"), true);
        DeviceFinding failing = new DeviceFinding(DeviceFinding.Status.NON_COMPLIANT, DeviceTrust.MANAGED,
                List.of(new DeviceFinding.FailedCheck("os-version", "too old")), Optional.empty());
        DeviceFinding failedOpen = new DeviceFinding(DeviceFinding.Status.FAILED_OPEN, DeviceTrust.UNMANAGED, List.of(),
                Optional.of("mdm-http: down"));
        assertThat(failing.vouchedBy(Optional.of(upstream))).isSameAs(failing);
        assertThat(failedOpen.vouchedBy(Optional.of(upstream))).isSameAs(failedOpen);
    }

    @Test
    void mfaTrustAloneDoesNotTrustTheDevice() {
        Upstream upstream = PartnerTrust.read(TRUSTED).judge("partner",
                Optional.of(new UpstreamToken(Optional.of("urn:partner:mfa"), List.of(), Optional.of("compliant"))), true);
        assertThat(upstream.trusted()).contains("mfa");
        assertThat(upstream.trustedDevice()).isEmpty();
    }
}
