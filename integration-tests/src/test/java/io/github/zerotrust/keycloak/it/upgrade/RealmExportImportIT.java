package io.github.zerotrust.keycloak.it.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A realm exported before the settings reader, the key-style rule and the provider move (the test resource
 * {@code realm-export-before-key-style.json}, made by {@link RealmExportFixture} from the code of that day,
 * with every zero-trust step and realm setting configured) imports into today's server and behaves the
 * same: the same sign-ins are refused and allowed, with the same rules named, and its settings are read.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealmExportImportIT {

    static final String FIXTURE = "/realm-export-before-key-style.json";
    static final String REALM = EveryZeroTrustSetting.REALM;
    // Addresses the test GeoIP database places (demo/GEO-DATABASE.md).
    static final String LONDON = "192.0.2.10";
    static final String PYONGYANG = "198.51.100.7";
    static final String HOSTING = "198.18.0.20";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void importTheOldExport(KeycloakServer server, AdminApi admin) throws IOException {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(fixture());
        // A partial export carries no users and masks client secrets: give them back, as an operator would.
        admin.post("/admin/realms/" + REALM + "/users", Map.of("username", "alice", "enabled", true,
                "email", "alice@example.com", "emailVerified", true, "firstName", "Alice", "lastName", "Example",
                "credentials", List.of(Map.of("type", "password", "value", "alice-password", "temporary", false))))
                .expect(201);
        for (String clientId : List.of("test-app", "legacy-scanner")) {
            JsonNode client = admin.get("/admin/realms/" + REALM + "/clients?clientId=" + clientId).expect(200).json().get(0);
            ((ObjectNode) client).put("secret", RealmBuilder.CLIENT_SECRET);
            admin.put("/admin/realms/" + REALM + "/clients/" + client.path("id").asText(), client).expect(204);
        }
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    static JsonNode fixture() throws IOException {
        try (InputStream in = RealmExportImportIT.class.getResourceAsStream(FIXTURE)) {
            assertThat(in).as(FIXTURE).isNotNull();
            return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    HttpResult signIn(String clientId, String from) {
        return Oidc.passwordGrant(server, REALM, clientId, "alice", "alice-password", from);
    }

    @Test
    void theFixtureWasExportedWithEveryZeroTrustStep() throws IOException {
        List<String> steps = new ArrayList<>();
        fixture().path("authenticationFlows").forEach(flow -> flow.path("authenticationExecutions")
                .forEach(execution -> steps.add(execution.path("authenticator").asText())));
        assertThat(steps).contains("zt-condition-network-zone", "zt-condition-country", "zt-deny-access",
                "zt-risk-assessment", "zt-condition-risk-level", "zt-enrolment-guard", "zt-require-mfa",
                "zt-block-password-grant", "zt-fido2-policy", "zt-require-strength", "zt-condition-applies-to",
                "zt-device-posture", "zt-condition-device-compliant", "zt-condition-device-managed",
                "zt-device-remediation", "zt-restrict-unmanaged");
    }

    @Test
    void aSignInFromABlockedCountryIsStillRefusedByTheSameRule() {
        HttpResult result = signIn("legacy-scanner", PYONGYANG);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("access_denied");
        String reference = result.json().path("error_description").asText().replaceAll(".*Reference: ", "");
        JsonNode event = Events.await(admin, REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", reference));
        assertThat(Events.detail(event, "zt_rule")).isEqualTo("block-countries");
        assertThat(Events.detail(event, "zt_reason")).isEqualTo("country KP is in [KP, RU]");
    }

    @Test
    void aClientNotListedIsStillRefusedThePasswordGrant() {
        HttpResult result = signIn("test-app", LONDON);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("unauthorized_client");
    }

    @Test
    void aListedClientFromAnAllowedCountryStillGetsIn() {
        HttpResult result = signIn("legacy-scanner", LONDON);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().path("access_token").asText()).isNotEmpty();
    }

    @Test
    void theOldReportOnlyKeyStillOnlyReports() {
        admin.clearEvents(REALM);
        HttpResult result = signIn("legacy-scanner", HOSTING);

        // report_only=true on the hosting rule: it reports and never refuses (the risk rule after it may, since a
        // hosting address far from the earlier sign-ins scores high: then the event names that rule).
        JsonNode event = Events.await(admin, REALM, result.status() == 200 ? "LOGIN" : "LOGIN_ERROR",
                e -> Events.detail(e, "zt_report_only") != null);
        assertThat(Events.detail(event, "zt_report_only")).startsWith("watch-hosting: would match");
        assertThat(Events.detail(event, "zt_zones")).isEqualTo("hosting");
        if (result.status() != 200) {
            assertThat(Events.detail(event, "zt_rule")).as(result.body()).isEqualTo("high-risk");
        }
    }

    @Test
    void theImportedZoneAndClientPoliciesAreReadAsConfigured() {
        JsonNode zone = admin.get("/admin/realms/" + REALM + "/zero-trust/zones/hosting").expect(200).json();
        assertThat(zone.path("trusted").asBoolean(true)).isFalse();
        assertThat(zone.path("ranges").toString()).contains("198.18.0.0/15", "2001:db8:ffff::/48");
        JsonNode profiles = admin.get("/admin/realms/" + REALM + "/client-policies/profiles").expect(200).json();
        assertThat(profiles.toString()).contains("zt-restricted-session-refresh").contains("\"max-refresh-minutes\":\"30\"");
    }

    @Test
    void whatIfReadsEveryImportedStepOfTheBrowserFlow() {
        JsonNode answer = admin.post("/admin/realms/" + REALM + "/zero-trust/what-if",
                Map.of("user", "alice", "address", PYONGYANG, "client", "legacy-scanner")).expect(200).json();
        JsonNode directGrant = null;
        for (JsonNode flow : answer.path("flows")) {
            if ("direct_grant".equals(flow.path("binding").asText())) {
                directGrant = flow;
            }
        }
        assertThat(directGrant).as(answer.toString()).isNotNull();
        assertThat(directGrant.path("outcome").path("result").asText()).isEqualTo("denied");
        assertThat(directGrant.path("outcome").path("rule").asText()).isEqualTo("block-countries");
    }
}
