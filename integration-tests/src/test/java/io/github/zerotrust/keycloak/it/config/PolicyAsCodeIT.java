package io.github.zerotrust.keycloak.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The realm's zero-trust configuration as code through /admin/realms/{realm}/zero-trust/config: export, dry run and
 * all-or-nothing apply, from a realm with every setting into an empty one, and the attacks on it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyAsCodeIT {

    static final String SOURCE = "it-pac-source";
    static final String TARGET = "it-pac-target";
    static final String ADDRESS = "192.0.2.10";
    static final String WEBHOOK_SECRET = "source-webhook-secret-4f7a";
    static final String MDM_TOKEN = "source-mdm-token-9c2e";

    KeycloakServer server;
    AdminApi admin;

    static String config(String realm) {
        return "/admin/realms/" + realm + "/zero-trust/config";
    }

    @BeforeAll
    void createSource(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(SOURCE);
        RealmBuilder source = people(RealmBuilder.realm(SOURCE));
        everySetting().forEach(source::attribute);
        source.attribute("zt.alert.webhook-secret", WEBHOOK_SECRET).attribute("zt.device.mdm.token", MDM_TOKEN)
                .attribute("acr.loa.map", "{\"mfa\":2,\"phr\":3}");
        admin.createRealm(source.build());
        admin.put("/admin/realms/" + SOURCE + "/zero-trust/zones/hosting", Map.of("ranges",
                List.of("198.18.0.0/15", "2001:db8:ffff::/48"), "trusted", false, "description", "hosting providers")).expect(201);
        admin.put("/admin/realms/" + SOURCE + "/zero-trust/zones/vpn-egress", Map.of("ranges",
                List.of("203.0.113.128/25"), "trusted", true)).expect(201);
        admin.post(config(SOURCE), Map.of("schema", schemaId(), "version", 1, "breakGlass", List.of("bob"))).expect(200);
    }

    @BeforeEach
    void createEmptyTarget() {
        admin.deleteRealm(TARGET);
        admin.createRealm(people(RealmBuilder.realm(TARGET)).build());
        adminRoles(TARGET, "alice", "realm-admin");
        adminRoles(TARGET, "viewer", "view-realm");
        adminRoles(TARGET, "auditor", "view-realm", "view-users");
        adminRoles(TARGET, "manager", "manage-realm", "view-users");
    }

    @AfterAll
    void deleteRealms() {
        admin.deleteRealm(SOURCE);
        admin.deleteRealm(TARGET);
    }

    static RealmBuilder people(RealmBuilder realm) {
        return realm.user("alice", "alice-password").user("viewer", "viewer-password").user("auditor", "auditor-password")
                .user("manager", "manager-password").user("bob", "bob-password").passwordGrantClient("test-app");
    }

    /** The settings an admin types, as EveryZeroTrustSetting writes them. */
    static Map<String, String> everySetting() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("zt.risk.weight.new-device", "25");
        settings.put("zt.risk.weight.device-threat", "40");
        settings.put("zt.risk.threshold.medium", "35");
        settings.put("zt.risk.threshold.high", "70");
        settings.put("zt.risk.impossible-travel.max-speed-kmh", "900");
        settings.put("zt.risk.unusual-hour.mode", "off");
        settings.put("zt.risk.history.size", "40");
        settings.put("zt.alert.level", "high");
        settings.put("zt.device.min-os.macos", "14.0");
        settings.put("zt.device.require-antivirus", "false");
        settings.put("zt.device.grace-minutes", "30");
        settings.put("zt.device.token.issuer", "https://posture.example.com");
        settings.put("zt.device.token.audience", SOURCE);
        settings.put("zt.device.token.max-age-seconds", "300");
        settings.put("zt.device.token.device-key-max-age-seconds", "60");
        settings.put("zt.device.mdm.timeout-ms", "1500");
        settings.put("zt.device.mdm.fail-open", "false");
        settings.put("zt.fido.require-attestation", "false");
        settings.put("zt.fido.refuse-compromised", "true");
        settings.put("zt.elevation.request-lapse-hours", "12");
        settings.put("zt.elevation.privileged-roles", "realm:admin");
        return settings;
    }

    static String schemaId() {
        return "https://zerotrust.github.io/keycloak-zero-trust/zero-trust-config/v1";
    }

    void adminRoles(String realm, String user, String... roles) {
        String client = admin.get("/admin/realms/" + realm + "/clients?clientId=realm-management").expect(200).json().get(0)
                .path("id").asText();
        String userId = userId(realm, user);
        List<JsonNode> reps = java.util.Arrays.stream(roles)
                .map(r -> admin.get("/admin/realms/" + realm + "/clients/" + client + "/roles/" + r).expect(200).json()).toList();
        admin.post("/admin/realms/" + realm + "/users/" + userId + "/role-mappings/clients/" + client, reps).expect(204);
    }

    String userId(String realm, String user) {
        return admin.get("/admin/realms/" + realm + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    String token(String user) {
        return Oidc.passwordGrant(server, TARGET, "test-app", user, user + "-password", ADDRESS).expect(200).json()
                .path("access_token").asText();
    }

    HttpResult post(String path, String body, String token) {
        return Http.sendJson("POST", server.baseUrl() + path, body, Map.of("Authorization", "Bearer " + token));
    }

    String sourceDocument() {
        return admin.get(config(SOURCE)).expect(200).body();
    }

    /** What the target holds: its export and its realm attributes (secrets and all). */
    String targetState() {
        return admin.get(config(TARGET)).expect(200).body() + "\n"
                + Json.write(admin.get("/admin/realms/" + TARGET).expect(200).json().path("attributes"));
    }

    @Test
    void aRealmWithEverySettingRoundTripsExactlyIntoAnEmptyRealm() {
        String exported = sourceDocument();
        JsonNode doc = Json.parse(exported);
        assertThat(doc.path("settings").size()).isEqualTo(everySetting().size());
        assertThat(doc.path("zones")).extracting(z -> z.path("name").asText()).containsExactly("hosting", "vpn-egress");
        assertThat(doc.path("breakGlass")).extracting(JsonNode::asText).containsExactly("bob");

        admin.post(config(TARGET), doc).expect(200);

        String reexported = admin.get(config(TARGET)).expect(200).body();
        assertThat(reexported).isEqualTo(exported.replace("\"realm\":\"" + SOURCE + "\"", "\"realm\":\"" + TARGET + "\""));
        JsonNode again = admin.post(config(TARGET) + "?dryRun=true", doc).expect(200).json();
        assertThat(again.path("changes")).allSatisfy(s -> {
            assertThat(s.path("added")).isEmpty();
            assertThat(s.path("changed")).isEmpty();
            assertThat(s.path("removed")).isEmpty();
        });
        String bob = userId(TARGET, "bob");
        assertThat(admin.get("/admin/realms/" + TARGET).expect(200).json().path("attributes").path("zt.break-glass.accounts").asText())
                .as("break-glass travels by username and lands as the target's id").contains(bob);
        assertThat(admin.adminEvents(TARGET)).anySatisfy(e -> {
            assertThat(e.path("resourcePath").asText()).isEqualTo("zero-trust/config");
            assertThat(e.path("operationType").asText()).isEqualTo("UPDATE");
        });
    }

    @Test
    void aDryRunShowsTheDiffAndChangesNothing() {
        admin.put("/admin/realms/" + TARGET + "/zero-trust/zones/old-office", Map.of("ranges", List.of("192.0.2.0/24"))).expect(201);
        String before = targetState();
        ObjectNode doc = (ObjectNode) Json.parse(sourceDocument());
        doc.remove(List.of("breakGlass", "eligibilities", "transmitters", "templates"));

        JsonNode answer = post(config(TARGET) + "?dryRun=true", Json.write(doc), token("auditor")).expect(200).json();

        assertThat(answer.path("dryRun").asBoolean()).isTrue();
        JsonNode settings = answer.path("changes").get(0);
        assertThat(settings.path("section").asText()).isEqualTo("settings");
        assertThat(settings.path("added")).extracting(JsonNode::asText).contains("zt.risk.threshold.high", "zt.fido.refuse-compromised");
        JsonNode zones = answer.path("changes").get(1);
        assertThat(zones.path("added")).extracting(JsonNode::asText).containsExactly("hosting", "vpn-egress");
        assertThat(zones.path("removed")).extracting(JsonNode::asText).containsExactly("old-office");
        assertThat(answer.path("changes")).hasSize(2);
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void oneBadFieldAmongGoodOnesIsListedAndNothingIsApplied() {
        String before = targetState();
        ObjectNode doc = (ObjectNode) Json.parse(sourceDocument());
        ((ObjectNode) doc.path("zones").get(1)).putArray("ranges").add("203.0.113.999/25");
        ((ObjectNode) doc.path("settings")).put("frontendUrl", "https://evil.example");
        doc.withArray("breakGlass").add("nobody-here");

        HttpResult result = admin.post(config(TARGET), doc);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("invalid-config");
        assertThat(result.json().path("error_description").asText()).startsWith("3 problems: ")
                .contains("$.zones[1]: ", "$.settings['frontendUrl']: not a zero-trust setting", "$.breakGlass[1]: no user 'nobody-here'");
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void anUnknownVersionIsRefused() {
        String before = targetState();
        ObjectNode doc = (ObjectNode) Json.parse(sourceDocument());
        doc.put("version", 2);

        HttpResult result = admin.post(config(TARGET), doc);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("unknown-config-version");
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void aViewRealmAdminCannotImport() {
        String before = targetState();
        ObjectNode doc = (ObjectNode) Json.parse(sourceDocument());
        doc.remove("breakGlass");

        assertThat(post(config(TARGET), Json.write(doc), token("viewer")).status()).isEqualTo(403);
        assertThat(post(config(TARGET), Json.write(doc), token("auditor")).status())
                .as("view-realm and view-users may look, not apply").isEqualTo(403);
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void aViewRealmAdminWithoutViewUsersCannotExportAndASignedInUserCannotReadAnything() {
        String before = targetState();
        String doc = sourceDocument();
        String viewer = token("viewer");
        String bob = token("bob");

        HttpResult export = Http.sendJson("GET", server.baseUrl() + config(TARGET), null, Map.of("Authorization", "Bearer " + viewer));
        assertThat(export.status()).as("the export names users").isEqualTo(403);
        assertThat(export.body()).doesNotContain("breakGlass");
        assertThat(Http.sendJson("GET", server.baseUrl() + config(TARGET) + "/schema", null, Map.of("Authorization", "Bearer " + viewer))
                .status()).as("the schema names nobody").isEqualTo(200);
        assertThat(post(config(TARGET) + "?dryRun=true", doc, viewer).status()).isEqualTo(403);
        for (String path : List.of(config(TARGET), config(TARGET) + "/schema")) {
            assertThat(Http.sendJson("GET", server.baseUrl() + path, null, Map.of("Authorization", "Bearer " + bob)).status())
                    .as(path).isEqualTo(403);
        }
        assertThat(post(config(TARGET) + "?dryRun=true", doc, bob).status()).isEqualTo(403);
        assertThat(post(config(TARGET), doc, bob).status()).isEqualTo(403);
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void aManageRealmAdminWithoutManageUsersCannotImportBreakGlass() {
        String before = targetState();
        String doc = sourceDocument();

        assertThat(post(config(TARGET), doc, token("manager")).status()).isEqualTo(403);
        assertThat(targetState()).isEqualTo(before);

        ObjectNode withoutBreakGlass = (ObjectNode) Json.parse(doc);
        // Transmitters need manage-users too, as their own API does (PolicyAsCodeSectionsIT).
        withoutBreakGlass.remove(List.of("breakGlass", "transmitters"));
        assertThat(post(config(TARGET), Json.write(withoutBreakGlass), token("manager")).status())
                .as("the settings and zones are his to change").isEqualTo(200);
    }

    @Test
    void anImportCannotMarkAServiceAccountTheBreakGlassApiWouldRefuse() {
        admin.post("/admin/realms/" + TARGET + "/clients", Map.of("clientId", "robot", "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false)).expect(201);
        String before = targetState();
        String doc = Json.write(Map.of("schema", schemaId(), "version", 1, "breakGlass", List.of("bob", "service-account-robot")));

        HttpResult result = post(config(TARGET), doc, token("alice"));

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("invalid-config");
        assertThat(result.body()).contains("$.breakGlass[1]").contains("service account");
        assertThat(targetState()).as("bob is not marked either: all or nothing").isEqualTo(before);
    }

    @Test
    void anImportCannotMarkTheCallerBreakGlass() {
        String before = targetState();
        String doc = Json.write(Map.of("schema", schemaId(), "version", 1, "breakGlass", List.of("alice")));

        HttpResult result = post(config(TARGET), doc, token("alice"));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.json().path("error").asText()).isEqualTo("cannot-mark-self-break-glass");
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void secretsAreNeverExported() {
        admin.put("/admin/realms/" + TARGET, Map.of("attributes", Map.of("zt.alert.webhook-secret", "target-secret-1b3d"))).expect(204);
        String exported = sourceDocument();

        assertThat(exported).doesNotContain(WEBHOOK_SECRET, MDM_TOKEN, "webhook-secret", "mdm.token", "acr.loa.map");

        admin.post(config(TARGET), Json.parse(exported)).expect(200);
        assertThat(admin.get("/admin/realms/" + TARGET).expect(200).json().path("attributes").path("zt.alert.webhook-secret").asText())
                .as("an import without the secret keeps the stored one").isEqualTo("target-secret-1b3d");

        ObjectNode carrying = (ObjectNode) Json.parse(exported);
        ((ObjectNode) carrying.path("settings")).put("zt.alert.webhook-secret", "attacker-secret");
        HttpResult refused = admin.post(config(TARGET), carrying);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("attacker-secret");
        assertThat(admin.get("/admin/realms/" + TARGET).expect(200).json().path("attributes").path("zt.alert.webhook-secret").asText())
                .isEqualTo("target-secret-1b3d");
    }

    @Test
    void anOversizedDocumentIsRefused() {
        String before = targetState();
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) {
            ranges.add("10." + (i / 65536) + "." + ((i / 256) % 256) + "." + (i % 256) + "/32");
        }
        String doc = Json.write(Map.of("schema", schemaId(), "version", 1, "zones", List.of(Map.of("name", "huge", "ranges", ranges))));
        assertThat(doc.length()).isGreaterThan(1024 * 1024);

        HttpResult result = admin.post(config(TARGET), doc);

        assertThat(result.status()).isEqualTo(413);
        assertThat(result.json().path("error").asText()).isEqualTo("body-too-large");
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void theSchemaIsServed() {
        JsonNode schema = admin.get(config(TARGET) + "/schema").expect(200).json();

        assertThat(schema.path("$id").asText()).isEqualTo(schemaId());
        assertThat(schema.path("properties").has("breakGlass")).isTrue();
    }
}
