package io.github.zerotrust.keycloak.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.signals.Trigger;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SsfEventsTest {

    @ParameterizedTest(name = "{0} {1}={2} -> {3}")
    @CsvSource({
            "caep/event-type/session-revoked,,,session-revoked",
            "caep/event-type/credential-change,change_type,revoke,credential-removed",
            "caep/event-type/credential-change,change_type,delete,credential-removed",
            "caep/event-type/credential-change,change_type,update,",
            "caep/event-type/credential-change,change_type,create,",
            "caep/event-type/device-compliance-change,current_status,not-compliant,device-non-compliant",
            "caep/event-type/device-compliance-change,current_status,compliant,",
            "caep/event-type/assurance-level-change,change_direction,decrease,assurance-decreased",
            "caep/event-type/assurance-level-change,change_direction,increase,",
            "caep/event-type/risk-level-change,current_level,HIGH,risk-high",
            "caep/event-type/risk-level-change,current_level,medium,",
            "caep/event-type/token-claims-change,,,",
            "risc/event-type/account-disabled,,,user-disabled",
            "risc/event-type/credential-compromise,,,credential-compromise",
            "risc/event-type/account-purged,,,user-deleted",
            "risc/event-type/account-credential-change-required,,,credential-change-required",
            "risc/event-type/sessions-revoked,,,sign-out-everywhere",
            "risc/event-type/account-enabled,,,",
    })
    void eachEventMapsAsListed(String type, String member, String value, String trigger) {
        Map<String, Object> event = member == null ? Map.of() : Map.of(member, value);
        SsfEvents.Meaning meaning = SsfEvents.meaning("https://schemas.openid.net/secevent/" + type, event);
        assertThat(meaning.trigger()).isEqualTo(Optional.ofNullable(trigger).flatMap(Trigger::parse));
        assertThat(meaning.kind()).isEqualTo(trigger == null ? SsfEvents.Kind.RECORDED : SsfEvents.Kind.MAPPED);
        assertThat(meaning.name()).isEqualTo(type.substring(type.lastIndexOf('/') + 1));
    }

    @ParameterizedTest
    @CsvSource({"https://schemas.openid.net/secevent/caep/event-type/made-up", "urn:example:event", "https://evil.example/risc/event-type/account-disabled"})
    void unknownTypesAreIgnored(String type) {
        SsfEvents.Meaning meaning = SsfEvents.meaning(type, Map.of());
        assertThat(meaning.kind()).isEqualTo(SsfEvents.Kind.IGNORED);
        assertThat(meaning.trigger()).isEmpty();
        assertThat(meaning.name()).isEqualTo("unknown");
    }

    @ParameterizedTest
    @CsvSource({SsfEvents.VERIFICATION})
    void verificationIsAnsweredAndRecorded(String type) {
        assertThat(SsfEvents.meaning(type, Map.of("state", "x")).kind()).isEqualTo(SsfEvents.Kind.VERIFICATION);
    }
}
