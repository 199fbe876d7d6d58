package io.github.zerotrust.keycloak.authn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.authn.rest.ProblemException;
import io.github.zerotrust.keycloak.authn.rest.RequestBodies;
import io.github.zerotrust.keycloak.location.NetworkZone;
import java.nio.charset.StandardCharsets;

/**
 * {@code PUT /admin/realms/{realm}/zero-trust/zones/{name}} bodies as a realm manager sends them: bound strictly through
 * the one JSON configuration, then checked (name, description, range list). A zone, or a ProblemException answering
 * 400 invalid-json / invalid-zone (413, 415 for the body itself); never anything else.
 */
public final class ZoneBodyFuzzTest {

    @FuzzTest(maxDuration = "2s")
    void bindsAnyBodyToAZoneOrAClearRefusal(FuzzedDataProvider data) {
        String name = data.consumeString(80);
        byte[] body = data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
        NetworkZone zone;
        try {
            zone = ZonesResource.zone(name, RequestBodies.bound("application/json", body, ZonesResource.MAX_BODY_BYTES,
                    ZoneRepresentation.class));
        } catch (ProblemException refused) {
            assertThat(RequestBodies.isABodyRefusal(refused.problem(), ZonesResource.INVALID_ZONE))
                    .as(refused.problem().toString()).isTrue();
            return;
        }
        // The zone as stored reads back as the same zone: what the API accepted, the realm can load.
        ZoneRepresentation stored = new ZoneRepresentation(zone.name(), zone.trusted(), null, zone.ranges());
        try {
            assertThat(ZonesResource.zone(zone.name(), stored)).isEqualTo(zone);
        } catch (ProblemException e) {
            throw new AssertionError("an accepted zone does not read back: " + e.problem(), e);
        }
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new ZoneBodyFuzzTest().bindsAnyBodyToAZoneOrAClearRefusal(data);
    }
}
