package io.github.zerotrust.keycloak.it.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not a test: the tool that made {@code realm-export-before-key-style.json}. It configures
 * {@link EveryZeroTrustSetting} on the running server and saves the admin API's partial export. Run it
 * only to make a new fixture from a new release (the class name matches no test pattern, so it only runs
 * when named): {@code ./mvnw -B -o verify -pl integration-tests -am -Dit.test=RealmExportFixture -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dzt.export.to=$PWD/integration-tests/src/test/resources/realm-export-new.json}
 */
@ExtendWith(KeycloakExtension.class)
class RealmExportFixture {

    @Test
    void exportEveryZeroTrustSetting(AdminApi admin) throws Exception {
        String target = System.getProperty("zt.export.to");
        assertThat(target).as("-Dzt.export.to=<file>").isNotBlank();
        String realm = EveryZeroTrustSetting.REALM;
        admin.deleteRealm(realm);
        admin.createRealm(EveryZeroTrustSetting.realm());
        admin.put("/admin/realms/" + realm + "/zero-trust/zones/hosting", EveryZeroTrustSetting.hostingZone()).expect(201);
        admin.put("/admin/realms/" + realm + "/client-policies/profiles", EveryZeroTrustSetting.clientProfiles()).expect(204);
        admin.put("/admin/realms/" + realm + "/client-policies/policies", EveryZeroTrustSetting.clientPolicies()).expect(204);
        JsonNode export = admin.post("/admin/realms/" + realm + "/partial-export?exportClients=true&exportGroupsAndRoles=true",
                null).expect(200).json();
        Files.writeString(Path.of(target), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(export));
        admin.deleteRealm(realm);
    }
}
