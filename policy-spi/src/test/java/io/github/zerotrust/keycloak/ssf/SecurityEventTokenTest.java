package io.github.zerotrust.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityEventTokenTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final TransmitterSettings PARTNER = TransmitterSettings.fromInput("partner",
            Map.of("issuer", "https://partner.example", "jwksUri", "https://partner.example/jwks", "audience", "https://home.example"),
            null, "0".repeat(64));
    static final String REVOKED = SsfEvents.CAEP + "session-revoked";

    static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "https://partner.example");
        claims.put("aud", "https://home.example");
        claims.put("iat", NOW.getEpochSecond() - 5);
        claims.put("jti", "set-1");
        claims.put("sub_id", Map.of("format", "email", "email", "alice@example.test"));
        claims.put("events", Map.of(REVOKED, Map.of()));
        return claims;
    }

    static SetError refusal(Map<String, Object> claims) {
        try {
            SecurityEventToken.check(claims, PARTNER, NOW);
            return null;
        } catch (SetRefused refused) {
            return refused.error();
        }
    }

    @Test
    void aWellFormedSetIsAcceptedWithItsOneEventAndSubject() throws SetRefused {
        SecurityEventToken set = SecurityEventToken.check(claims(), PARTNER, NOW);
        assertThat(set.jti()).isEqualTo("set-1");
        assertThat(set.eventType()).isEqualTo(REVOKED);
        assertThat(set.subject()).contains(SubjectId.email("alice@example.test"));
    }

    @Test
    void anAudienceListNamingThisReceiverIsAccepted() {
        Map<String, Object> claims = claims();
        claims.put("aud", List.of("someone-else", "https://home.example"));
        assertThat(refusal(claims)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"secevent+jwt", "application/secevent+jwt", "SECEVENT+JWT"})
    void theSetTypeIsRequired(String typ) throws SetRefused {
        assertThat(SecurityEventToken.checkHeader(typ, "RS256")).isEqualTo("RS256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", ""})
    void anotherTypeOfJwtIsNotASet(String typ) {
        assertThatThrownBy(() -> SecurityEventToken.checkHeader(typ, "RS256"))
                .isInstanceOfSatisfying(SetRefused.class, r -> assertThat(r.error()).isEqualTo(SetError.INVALID_REQUEST));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "HS256", "HS512", "RS384", "EdDSA"})
    void onlyRs256Es256AndPs256Verify(String alg) {
        assertThatThrownBy(() -> SecurityEventToken.checkHeader("secevent+jwt", alg))
                .isInstanceOfSatisfying(SetRefused.class, r -> assertThat(r.error()).isEqualTo(SetError.INVALID_KEY));
    }

    @Test
    void anotherIssuerIsInvalidIssuer() {
        Map<String, Object> claims = claims();
        claims.put("iss", "https://partner.example.evil");
        assertThat(refusal(claims)).isEqualTo(SetError.INVALID_ISSUER);
    }

    @Test
    void anotherAudienceIsInvalidAudience() {
        Map<String, Object> claims = claims();
        claims.put("aud", List.of("https://other.example"));
        assertThat(refusal(claims)).isEqualTo(SetError.INVALID_AUDIENCE);
    }

    @Test
    void aSetOlderThanTheMaximumAgeIsRefused() {
        Map<String, Object> claims = claims();
        claims.put("iat", NOW.getEpochSecond() - 601);
        assertThat(refusal(claims)).isEqualTo(SetError.INVALID_REQUEST);
        claims.put("iat", NOW.getEpochSecond() - 600);
        assertThat(refusal(claims)).isNull();
    }

    @Test
    void aSetFromTheFutureBeyondTheSkewIsRefused() {
        Map<String, Object> claims = claims();
        claims.put("iat", NOW.getEpochSecond() + 61);
        assertThat(refusal(claims)).isEqualTo(SetError.INVALID_REQUEST);
        claims.put("iat", NOW.getEpochSecond() + 60);
        assertThat(refusal(claims)).isNull();
    }

    @Test
    void aSetWithoutJtiOrIatIsRefused() {
        Map<String, Object> noJti = claims();
        noJti.remove("jti");
        assertThat(refusal(noJti)).isEqualTo(SetError.INVALID_REQUEST);
        Map<String, Object> noIat = claims();
        noIat.put("iat", "yesterday");
        assertThat(refusal(noIat)).isEqualTo(SetError.INVALID_REQUEST);
    }

    @Test
    void aSetMustCarryExactlyOneEvent() {
        Map<String, Object> two = claims();
        two.put("events", Map.of(REVOKED, Map.of(), SsfEvents.RISC + "account-disabled", Map.of()));
        assertThat(refusal(two)).isEqualTo(SetError.INVALID_REQUEST);
        Map<String, Object> none = claims();
        none.put("events", Map.of());
        assertThat(refusal(none)).isEqualTo(SetError.INVALID_REQUEST);
        Map<String, Object> notAnObject = claims();
        notAnObject.put("events", Map.of(REVOKED, "yes"));
        assertThat(refusal(notAnObject)).isEqualTo(SetError.INVALID_REQUEST);
    }

    @Test
    void anExpiredSetIsRefusedThoughExpIsNotRequired() {
        Map<String, Object> claims = claims();
        claims.put("exp", NOW.getEpochSecond() - 120);
        assertThat(refusal(claims)).isEqualTo(SetError.INVALID_REQUEST);
    }

    @Test
    void aSubjectInsideTheEventIsReadFromOlderTransmitters() throws SetRefused {
        Map<String, Object> claims = claims();
        claims.remove("sub_id");
        claims.put("events", Map.of(REVOKED, Map.of("subject", Map.of("format", "iss_sub", "iss", "https://partner.example", "sub", "u-1"))));
        assertThat(SecurityEventToken.check(claims, PARTNER, NOW).subject()).contains(SubjectId.issSub("https://partner.example", "u-1"));
    }

    @Test
    void aMalformedSubjectIsInvalidRequest() {
        Map<String, Object> claims = claims();
        claims.put("sub_id", Map.of("format", "email"));
        assertThat(refusal(claims)).isEqualTo(SetError.INVALID_REQUEST);
    }
}
