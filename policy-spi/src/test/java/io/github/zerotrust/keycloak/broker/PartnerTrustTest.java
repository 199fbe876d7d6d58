package io.github.zerotrust.keycloak.broker;

import static org.assertj.core.api.Assertions.assertThat;

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
}
