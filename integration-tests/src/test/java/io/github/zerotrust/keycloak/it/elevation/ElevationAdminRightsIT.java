package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an admin with fewer rights can do with eligibilities and elevations: nothing Keycloak itself would not let
 * them do with role mappings. Also: an eligibility that ends or goes takes its elevations with it, an admin ends an
 * elevation at once, and standing access through groups and composites is reported.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationAdminRightsIT {

    static final String REALM = "it-elevation-admin";

    ElevationApi api;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.api = new ElevationApi(server, admin, REALM);
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                .attribute("zt.elevation.privileged-roles", "realm:ops-admin, client:realm-management:realm-admin")
                .user("mallory", "mallory-password")
                .user("bob", "bob-password")
                .user("zed", "zed-password")
                .user("yara", "yara-password")
                .user("gus", "gus-password")
                .user("hal", "hal-password")
                .group("standing-admins", "gus")
                .passwordGrantClient("test-app")
                .build());
        for (String role : List.of("ops-admin", "temp-ops", "ended-ops", "end-now", "super")) {
            api.role(role);
        }
        // mallory may administer the realm's settings, and nothing about its users.
        api.adminRole("mallory", "manage-realm");
    }

    @AfterAll
    void cleanUp() {
        admin.deleteRealm(REALM);
    }

    String mallory() {
        return api.passwordToken("test-app", "mallory");
    }

    boolean hasEligibility(String user, String role) {
        String userId = api.userId(user);
        for (JsonNode e : api.eligibilities()) {
            if (userId.equals(e.path("principalId").asText()) && role.equals(e.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aManageRealmAdminCannotMakeHimselfEligibleForRealmAdmin() {
        String token = mallory();
        assertThat(Http.get(api.server.baseUrl() + "/admin/realms/" + REALM + "/users", Map.of("Authorization", "Bearer " + token))
                .status()).as("mallory may not even list the users").isEqualTo(403);

        HttpResult created = api.adminCall("POST", "eligibilities", token, Map.of("user", "mallory",
                "role", "client:realm-management:realm-admin", "approvalsRequired", 0, "stepUp", "none"));

        assertThat(created.status()).as(created.body()).isEqualTo(403);
        assertThat(created.json().path("error").asText()).isEqualTo("not-permitted");
        assertThat(hasEligibility("mallory", "client:realm-management:realm-admin")).as("nothing stored").isFalse();
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR",
                e -> "eligibility-create".equals(Events.detail(e, "zt_action")));
        assertThat(event.path("error").asText()).isEqualTo("not-permitted");
        assertThat(event.path("userId").asText()).isEqualTo(api.userId("mallory"));

        HttpResult activated = api.activate(mallory(), "client:realm-management:realm-admin", 30, "take over");
        assertThat(activated.status()).isEqualTo(403);
        assertThat(activated.json().path("error").asText()).isEqualTo("not-eligible");
        assertThat(ElevationApi.clientRoles(mallory(), "realm-management")).doesNotContain("realm-admin");
        assertThat(Http.get(api.server.baseUrl() + "/admin/realms/" + REALM + "/users", Map.of("Authorization", "Bearer " + mallory()))
                .status()).as("still no user administration").isEqualTo(403);
    }

    @Test
    void aManageRealmAdminCannotMakeAnotherUserEligibleForARoleHeCannotMap() {
        HttpResult created = api.adminCall("POST", "eligibilities", mallory(), Map.of("user", "bob",
                "role", "realm:ops-admin", "stepUp", "none"));

        assertThat(created.status()).as(created.body()).isEqualTo(403);
        assertThat(created.json().path("error").asText()).isEqualTo("not-permitted");
        assertThat(hasEligibility("bob", "realm:ops-admin")).isFalse();
    }

    @Test
    void aManageRealmAdminCannotRewriteOrDeleteAnEligibilityHeCouldNotHaveMade() {
        String id = api.eligibility(Map.of("user", "bob", "role", "realm:temp-ops", "stepUp", "none"));

        HttpResult rewritten = api.adminCall("PUT", "eligibilities/" + id, mallory(), Map.of("user", "mallory",
                "role", "client:realm-management:realm-admin", "approvalsRequired", 0));
        HttpResult loosened = api.adminCall("PUT", "eligibilities/" + id, mallory(), Map.of("approvalsRequired", 0,
                "maxDurationMinutes", 1440));
        HttpResult deleted = api.adminCall("DELETE", "eligibilities/" + id, mallory(), null);

        assertThat(rewritten.status()).isEqualTo(403);
        assertThat(rewritten.json().path("error").asText()).isEqualTo("not-permitted");
        assertThat(loosened.status()).isEqualTo(403);
        assertThat(deleted.status()).isEqualTo(403);
        JsonNode stored = null;
        for (JsonNode e : api.eligibilities()) {
            if (id.equals(e.path("id").asText())) {
                stored = e;
            }
        }
        assertThat(stored).as("still there").isNotNull();
        assertThat(stored.path("role").asText()).isEqualTo("realm:temp-ops");
        assertThat(stored.path("principalId").asText()).isEqualTo(api.userId("bob"));
        assertThat(stored.path("maxDurationMinutes").asLong()).isEqualTo(60);
    }

    @Test
    void aDeletedEligibilityLeavesNoElevationRunning() {
        String id = api.eligibility(Map.of("user", "zed", "role", "realm:temp-ops", "stepUp", "none"));
        HttpResult granted = api.activate(api.passwordToken("test-app", "zed"), "realm:temp-ops", 30, "night shift");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String elevation = granted.json().path("elevation").path("id").asText();
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "zed"))).contains("temp-ops");

        admin.delete("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities/" + id).expect(204);

        assertThat(api.activeElevationsOf("zed")).as("the elevation ended with its eligibility").isZero();
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "zed"))).doesNotContain("temp-ops");
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "end".equals(Events.detail(e, "zt_action")) && elevation.equals(Events.detail(e, "zt_elevation")));
        assertThat(Events.detail(event, "zt_end_reason")).isEqualTo("eligibility-deleted");
    }

    @Test
    void anEligibilityEndedEarlyEndsItsElevation() {
        String id = api.eligibility(Map.of("user", "zed", "role", "realm:ended-ops", "stepUp", "none"));
        HttpResult granted = api.activate(api.passwordToken("test-app", "zed"), "realm:ended-ops", 30, "night shift");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String elevation = granted.json().path("elevation").path("id").asText();

        admin.put("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities/" + id,
                Map.of("endsAt", Instant.now().minusSeconds(5).toString())).expect(200);

        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "zed"))).doesNotContain("ended-ops");
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "end".equals(Events.detail(e, "zt_action")) && elevation.equals(Events.detail(e, "zt_elevation")));
        assertThat(Events.detail(event, "zt_end_reason")).isEqualTo("eligibility-ended");
    }

    @Test
    void anAdminEndsAnElevationNowAndAManageRealmAdminCannot() {
        api.eligibility(Map.of("user", "yara", "role", "realm:end-now", "stepUp", "none"));
        HttpResult granted = api.activate(api.passwordToken("test-app", "yara"), "realm:end-now", 30, "migration");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String elevation = granted.json().path("elevation").path("id").asText();

        HttpResult refused = api.adminCall("POST", "elevations/" + elevation + "/end", mallory(), null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").asText()).isEqualTo("not-permitted");
        assertThat(api.activeElevationsOf("yara")).isEqualTo(1);
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "yara"))).contains("end-now");

        HttpResult ended = admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/elevations/" + elevation + "/end", Map.of());

        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().path("elevation").path("status").asText()).isEqualTo("DEACTIVATED");
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "yara"))).doesNotContain("end-now");
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "end".equals(Events.detail(e, "zt_action")) && elevation.equals(Events.detail(e, "zt_elevation")));
        assertThat(Events.detail(event, "zt_end_reason")).isEqualTo("ended-by-admin");
        assertThat(Events.detail(event, "zt_ended_by")).isNotBlank();
        assertThat(admin.adminEvents(REALM)).anySatisfy(e -> assertThat(e.path("resourcePath").asText())
                .isEqualTo("zero-trust/elevation/elevations/" + elevation + "/end"));
        assertThat(admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/elevations/" + elevation + "/end", Map.of())
                .status()).as("ended once").isEqualTo(409);
    }

    @Test
    void aPrivilegedRoleHeldThroughAGroupOrACompositeShowsInTheStandingAccessReport() {
        String groupId = admin.get("/admin/realms/" + REALM + "/groups?search=standing-admins").expect(200).json().get(0)
                .path("id").asText();
        JsonNode opsAdmin = admin.get("/admin/realms/" + REALM + "/roles/ops-admin").expect(200).json();
        admin.post("/admin/realms/" + REALM + "/groups/" + groupId + "/role-mappings/realm", List.of(opsAdmin)).expect(204);
        admin.post("/admin/realms/" + REALM + "/roles/super/composites", List.of(opsAdmin)).expect(204);
        JsonNode superRole = admin.get("/admin/realms/" + REALM + "/roles/super").expect(200).json();
        admin.post("/admin/realms/" + REALM + "/users/" + api.userId("hal") + "/role-mappings/realm", List.of(superRole)).expect(204);

        JsonNode report = admin.get("/admin/realms/" + REALM + "/zero-trust/elevation/standing").expect(200).json();

        List<String> rows = new ArrayList<>();
        report.forEach(r -> rows.add(r.path("username").asText() + " " + r.path("role").asText() + " " + r.path("via").asText()));
        assertThat(rows).contains("gus realm:ops-admin group:/standing-admins", "hal realm:ops-admin composite:realm:super");
    }
}
