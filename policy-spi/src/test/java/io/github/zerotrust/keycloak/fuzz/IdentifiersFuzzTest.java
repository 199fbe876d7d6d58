package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.device.MdmCompliance;
import io.github.zerotrust.keycloak.device.Platform;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.elevation.Strength;
import io.github.zerotrust.keycloak.elevation.TicketMode;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.CertificationLevel;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.risk.RiskLevel;

/** Ids and names read from paths, query strings and tokens: a value or empty, and what is printed reads back. */
class IdentifiersFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void parsesAnyTextToAValueOrNothing(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();

        RoleRef.parse(text).ifPresent(role -> assertThat(RoleRef.parse(role.toString())).contains(role));
        RecordId.parse(text).ifPresent(id -> assertThat(RecordId.parse(id.toString())).contains(id));
        Aaguid.parse(text).ifPresent(aaguid -> assertThat(Aaguid.parse(aaguid.toString())).contains(aaguid));
        Country.parse(text).ifPresent(country -> assertThat(Country.parse(country.isoCode())).contains(country));
        Strength.parse(text);
        TicketMode.parse(text);
        CertificationLevel.parse(text);
        Platform.parse(text);
        DeviceTrust.parse(text);
        MdmCompliance.parse(text);
        DeviceThreat.parse(text);
        RiskLevel.parse(text);
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new IdentifiersFuzzTest().parsesAnyTextToAValueOrNothing(data);
    }
}
