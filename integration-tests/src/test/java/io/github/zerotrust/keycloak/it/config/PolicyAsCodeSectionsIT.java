package io.github.zerotrust.keycloak.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The configuration document's eligibilities and transmitters sections: export with names and no secrets, dry run,
 * all-or-nothing import into an empty realm through each part's own checks and rights, and the attacks on them.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyAsCodeSectionsIT {

    static final String SOURCE = "it-pacs-source";
    static final String TARGET = "it-pacs-target";
    static final String ADDRESS = "192.0.2.10";
    static final String POLL_TOKEN = "source-poll-bearer-7d1e";
    static final String TARGET_POLL_TOKEN = "target-poll-bearer-3a9c";

    KeycloakServer server;
    AdminApi admin;

    static String config(String realm) {
        return "/admin/realms/" + realm + "/zero-trust/config";
    }

    static String transmitter(String realm, String alias) {
        return "/admin/realms/" + realm + "/zero-trust/ssf/transmitters/" + alias;
    }

    static String eligibilities(String realm) {
        return "/admin/realms/" + realm + "/zero-trust/elevation/eligibilities";
    }

    @BeforeAll
    void createSource(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(SOURCE);
        admin.createRealm(realmWithPeople(SOURCE));
        admin.post(eligibilities(SOURCE), Map.of("user", "bob", "role", "realm:ops", "maxDurationMinutes", 30,
                "ticketMode", "required", "ticketPattern", "OPS-[0-9]+", "stepUp", "none")).expect(201);
        admin.post(eligibilities(SOURCE), Map.of("group", "/ops/oncall", "role", "client:deploy-app:deploy",
                "approvalsRequired", 1, "approverGroup", "/approvers", "stepUp", "mfa", "stepUpMaxAgeMinutes", 10,
                "endsAt", "2030-01-01T00:00:00Z", "justificationRequired", false)).expect(201);
        admin.put(transmitter(SOURCE, "partner"), pushTransmitter("https://partner.example.test")).expect(201);
        admin.put(transmitter(SOURCE, "poller"), pollTransmitter(60, POLL_TOKEN)).expect(201);
    }

    @BeforeEach
    void createEmptyTarget() {
        admin.deleteRealm(TARGET);
        admin.createRealm(realmWithPeople(TARGET));
        adminRoles(TARGET, "alice", "realm-admin");
        adminRoles(TARGET, "viewer", "view-realm", "view-users");
        adminRoles(TARGET, "mallory", "manage-realm", "view-users");
        adminRoles(TARGET, "trustee", "manage-realm", "manage-users", "view-users");
    }

    @AfterAll
    void deleteRealms() {
        admin.deleteRealm(SOURCE);
        admin.deleteRealm(TARGET);
    }

    /** The users, groups (one nested), roles and client the eligibilities name, in a new realm. */
    static ObjectNode realmWithPeople(String name) {
        ObjectNode realm = RealmBuilder.realm(name).user("alice", "alice-password").user("viewer", "viewer-password")
                .user("mallory", "mallory-password").user("trustee", "trustee-password").user("bob", "bob-password")
                .user("carol", "carol-password").user("dora", "dora-password")
                .attribute("zt.elevation.allowed-clients", "test-app")
                .passwordGrantClient("test-app").build();
        ArrayNode groups = realm.putArray("groups");
        groups.addObject().put("name", "ops").putArray("subGroups").addObject().put("name", "oncall");
        groups.addObject().put("name", "approvers");
        for (JsonNode user : realm.path("users")) {
            if (user.path("username").asText().equals("carol")) {
                ((ObjectNode) user).putArray("groups").add("/ops/oncall");
            }
            if (user.path("username").asText().equals("dora")) {
                ((ObjectNode) user).putArray("groups").add("/approvers");
            }
        }
        ((ArrayNode) realm.get("clients")).addObject().put("clientId", "deploy-app").put("publicClient", true);
        ObjectNode roles = realm.putObject("roles");
        roles.putArray("realm").addObject().put("name", "ops");
        roles.putObject("client").putArray("deploy-app").addObject().put("name", "deploy");
        return realm;
    }

    static Map<String, Object> pushTransmitter(String issuer) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("issuer", issuer);
        t.put("jwksUri", issuer + "/jwks");
        t.put("audience", "https://receiver.example.test");
        t.put("maxAgeSeconds", 300);
        t.put("triggers", List.of("session-revoked"));
        return t;
    }

    static Map<String, Object> pollTransmitter(int interval, String bearer) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("issuer", "https://poll.example.test");
        t.put("jwksUri", "https://poll.example.test/jwks");
        t.put("audience", "https://receiver.example.test");
        t.put("delivery", "poll");
        t.put("pollUrl", "https://poll.example.test/ssf/poll");
        t.put("bearerToken", bearer);
        t.put("pollIntervalSeconds", interval);
        return t;
    }

    static String schemaId() {
        return "https://zerotrust.github.io/keycloak-zero-trust/zero-trust-config/v1";
    }

    static ObjectNode only(String section, Object value) {
        ObjectNode doc = Json.object();
        doc.put("schema", schemaId());
        doc.put("version", 1);
        doc.set(section, Json.MAPPER.valueToTree(value));
        return doc;
    }

    void adminRoles(String realm, String user, String... roles) {
        String client = admin.get("/admin/realms/" + realm + "/clients?clientId=realm-management").expect(200).json().get(0)
                .path("id").asText();
        List<JsonNode> reps = java.util.Arrays.stream(roles)
                .map(r -> admin.get("/admin/realms/" + realm + "/clients/" + client + "/roles/" + r).expect(200).json()).toList();
        admin.post("/admin/realms/" + realm + "/users/" + userId(realm, user) + "/role-mappings/clients/" + client, reps).expect(204);
    }

    String userId(String realm, String user) {
        return admin.get("/admin/realms/" + realm + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    String token(String user) {
        return Oidc.passwordGrant(server, TARGET, "test-app", user, user + "-password", ADDRESS).expect(200).json()
                .path("access_token").asText();
    }

    HttpResult post(String path, Object body, String token) {
        return Http.sendJson("POST", server.baseUrl() + path, body instanceof String s ? s : Json.write(body),
                Map.of("Authorization", "Bearer " + token));
    }

    String sourceDocument() {
        return admin.get(config(SOURCE)).expect(200).body();
    }

    /** What the target holds: its export, its eligibilities with their ids, its realm attributes (secrets and all). */
    String targetState() {
        return admin.get(config(TARGET)).expect(200).body() + "\n"
                + admin.get(eligibilities(TARGET)).expect(200).body() + "\n"
                + Json.write(admin.get("/admin/realms/" + TARGET).expect(200).json().path("attributes"));
    }

    JsonNode storedTransmitter(String alias) {
        return Json.parse(admin.get("/admin/realms/" + TARGET).expect(200).json().path("attributes")
                .path("zt.ssf.transmitter." + alias).asText());
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    JsonNode section(JsonNode answer, String name) {
        for (JsonNode s : answer.path("changes")) {
            if (name.equals(s.path("section").asText())) {
                return s;
            }
        }
        throw new AssertionError("no section " + name + " in " + answer);
    }

    @Test
    void eligibilitiesAndTransmittersRoundTripIntoAnEmptyRealmWithoutAnySecret() throws Exception {
        String exported = sourceDocument();
        JsonNode doc = Json.parse(exported);
        assertThat(exported).doesNotContain(POLL_TOKEN, "bearerToken", "clientSecret", "pushSecret", "pushSecretSha256",
                "principalId", userId(SOURCE, "bob"));
        assertThat(doc.path("eligibilities")).extracting(e -> e.has("group") ? e.path("group").asText() : e.path("user").asText())
                .containsExactly("/ops/oncall", "bob");
        assertThat(doc.path("eligibilities").get(0).path("approverGroup").asText()).isEqualTo("/approvers");
        assertThat(doc.path("transmitters")).extracting(t -> t.path("alias").asText()).containsExactly("partner", "poller");
        // The one step a document cannot carry: the poll transmitter's bearer token, given through its own API.
        admin.put(transmitter(TARGET, "poller"), pollTransmitter(120, TARGET_POLL_TOKEN)).expect(201);

        HttpResult applied = admin.post(config(TARGET), doc);

        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        String secret = applied.json().path("pushSecrets").path("partner").asText();
        assertThat(secret).as("a new push transmitter's secret, answered once").isNotBlank();
        assertThat(applied.json().path("pushSecrets").has("poller")).isFalse();
        assertThat(applied.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(storedTransmitter("partner").path("pushSecretSha256").asText()).isEqualTo(sha256(secret));
        assertThat(storedTransmitter("poller").path("bearerToken").asText()).as("the stored secret is kept")
                .isEqualTo(TARGET_POLL_TOKEN);
        assertThat(storedTransmitter("poller").path("pollIntervalSeconds").asInt()).isEqualTo(60);
        String reexported = admin.get(config(TARGET)).expect(200).body();
        assertThat(reexported).isEqualTo(exported.replace("\"realm\":\"" + SOURCE + "\"", "\"realm\":\"" + TARGET + "\""));
        assertThat(admin.get(eligibilities(TARGET)).expect(200).json()).extracting(e -> e.path("principalId").asText())
                .as("users and groups by name land as the target's ids").contains(userId(TARGET, "bob"));
        JsonNode again = admin.post(config(TARGET) + "?dryRun=true", doc).expect(200).json();
        assertThat(again.path("changes")).allSatisfy(s -> {
            assertThat(s.path("added")).isEmpty();
            assertThat(s.path("changed")).isEmpty();
            assertThat(s.path("removed")).isEmpty();
        });
        HttpResult reapplied = admin.post(config(TARGET), doc);
        assertThat(reapplied.json().has("pushSecrets")).as("an unchanged transmitter gets no new secret").isFalse();
        assertThat(storedTransmitter("partner").path("pushSecretSha256").asText()).isEqualTo(sha256(secret));
        assertThat(admin.adminEvents(TARGET)).filteredOn(e -> e.path("resourcePath").asText().equals("zero-trust/config"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.toString()).doesNotContain(secret, TARGET_POLL_TOKEN));
    }

    @Test
    void aDryRunShowsEachSectionsAddedChangedAndRemovedAndChangesNothing() {
        admin.post(eligibilities(TARGET), Map.of("user", "bob", "role", "realm:ops", "maxDurationMinutes", 45,
                "ticketMode", "required", "ticketPattern", "OPS-[0-9]+", "stepUp", "none")).expect(201);
        admin.post(eligibilities(TARGET), Map.of("user", "carol", "role", "realm:ops", "stepUp", "none")).expect(201);
        admin.put(transmitter(TARGET, "old"), pushTransmitter("https://old.example.test")).expect(201);
        admin.put(transmitter(TARGET, "partner"), pushTransmitter("https://partner.example.test")).expect(201);
        String before = targetState();
        ObjectNode doc = (ObjectNode) Json.parse(sourceDocument());
        ((ArrayNode) doc.get("transmitters")).remove(1);
        ((ObjectNode) doc.get("transmitters").get(0)).put("maxAgeSeconds", 600);

        JsonNode answer = post(config(TARGET) + "?dryRun=true", doc, token("viewer")).expect(200).json();

        JsonNode e = section(answer, "eligibilities");
        assertThat(e.path("added")).extracting(JsonNode::asText).containsExactly("group:/ops/oncall client:deploy-app:deploy");
        assertThat(e.path("changed")).extracting(c -> c.path("key").asText()).containsExactly("user:bob realm:ops");
        assertThat(e.path("changed").get(0).path("from").asText()).contains("\"maxDurationMinutes\":45");
        assertThat(e.path("changed").get(0).path("to").asText()).contains("\"maxDurationMinutes\":30");
        assertThat(e.path("removed")).extracting(JsonNode::asText).containsExactly("user:carol realm:ops");
        JsonNode t = section(answer, "transmitters");
        assertThat(t.path("added")).isEmpty();
        assertThat(t.path("changed")).extracting(c -> c.path("key").asText()).containsExactly("partner");
        assertThat(t.path("removed")).extracting(JsonNode::asText).containsExactly("old");
        assertThat(answer.has("pushSecrets")).isFalse();
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void anImportEndsTheElevationsOfAnEligibilityItRemovesAsTheDeleteEndpointDoes() {
        admin.post(eligibilities(TARGET), Map.of("user", "carol", "role", "realm:ops", "stepUp", "none")).expect(201);
        HttpResult granted = Http.sendJson("POST", server.baseUrl() + "/realms/" + TARGET + "/zero-trust/elevation/activate",
                Json.write(Map.of("role", "realm:ops", "durationMinutes", 30, "justification", "night shift")),
                Map.of("Authorization", "Bearer " + token("carol")));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String elevation = granted.json().path("elevation").path("id").asText();

        admin.post(config(TARGET), only("eligibilities", List.of())).expect(200);

        assertThat(admin.get(eligibilities(TARGET)).expect(200).json()).isEmpty();
        assertThat(Oidc.claims(token("carol")).path("realm_access").path("roles").toString()).doesNotContain("\"ops\"");
        JsonNode event = Events.await(admin, TARGET, "CUSTOM_REQUIRED_ACTION",
                ev -> "end".equals(Events.detail(ev, "zt_action")) && elevation.equals(Events.detail(ev, "zt_elevation")));
        assertThat(Events.detail(event, "zt_end_reason")).isEqualTo("eligibility-deleted");
    }

    @Test
    void aViewRealmAdminCannotImportEligibilitiesOrTransmitters() {
        String before = targetState();
        String doc = sourceDocument();

        assertThat(post(config(TARGET), doc, token("viewer")).status()).isEqualTo(403);
        assertThat(post(config(TARGET), only("eligibilities", List.of()), token("viewer")).status()).isEqualTo(403);
        assertThat(post(config(TARGET), only("transmitters", List.of()), token("viewer")).status()).isEqualTo(403);
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void aManageRealmAdminCannotImportAnEligibilityForARoleHeCouldNotMap() {
        admin.post(eligibilities(TARGET), Map.of("user", "carol", "role", "realm:ops", "stepUp", "none")).expect(201);
        String before = targetState();
        Map<String, Object> ops = Map.of("user", "mallory", "role", "realm:ops", "stepUp", "none");
        Map<String, Object> realmAdmin = Map.of("user", "trustee", "role", "client:realm-management:realm-admin",
                "stepUp", "none", "approvalsRequired", 0);

        HttpResult mallory = post(config(TARGET), only("eligibilities", List.of(ops)), token("mallory"));
        HttpResult malloryDeletes = post(config(TARGET), only("eligibilities", List.of()), token("mallory"));
        HttpResult trustee = post(config(TARGET), only("eligibilities", List.of(realmAdmin)), token("trustee"));

        assertThat(mallory.status()).as(mallory.body()).isEqualTo(403);
        assertThat(mallory.json().path("error").asText()).isEqualTo("not-permitted");
        assertThat(malloryDeletes.status()).as("nor delete one he could not have made").isEqualTo(403);
        assertThat(trustee.status()).as("manage-users maps ordinary roles, not an admin role he lacks").isEqualTo(403);
        assertThat(trustee.json().path("error").asText()).isEqualTo("not-permitted");
        assertThat(targetState()).isEqualTo(before);
        JsonNode event = Events.await(admin, TARGET, "CUSTOM_REQUIRED_ACTION_ERROR",
                e -> "eligibility-import".equals(Events.detail(e, "zt_action")) && userId(TARGET, "trustee").equals(e.path("userId").asText()));
        assertThat(event.path("error").asText()).isEqualTo("not-permitted");

        HttpResult allowed = post(config(TARGET), only("eligibilities", List.of(ops)), token("trustee"));
        assertThat(allowed.status()).as("an ordinary role, for an admin who may map it: " + allowed.body()).isEqualTo(200);
    }

    @Test
    void aManageRealmAdminWithoutManageUsersCannotImportTransmitters() {
        String before = targetState();

        HttpResult result = post(config(TARGET), only("transmitters", List.of(Map.of("alias", "mine", "issuer",
                "https://mine.example.test", "jwksUri", "https://mine.example.test/jwks", "audience", "x"))), token("mallory"));

        assertThat(result.status()).isEqualTo(403);
        assertThat(targetState()).isEqualTo(before);
    }

    @Test
    void aDocumentCarryingASecretIsRefusedAndTheSecretNotEchoed() {
        admin.put(transmitter(TARGET, "poller"), pollTransmitter(120, TARGET_POLL_TOKEN)).expect(201);
        String before = targetState();
        Map<String, Object> poll = new LinkedHashMap<>(pollTransmitter(120, "attacker-bearer-token"));
        poll.put("alias", "poller");
        Map<String, Object> push = new LinkedHashMap<>(pushTransmitter("https://partner.example.test"));
        push.put("alias", "partner");
        push.put("pushSecret", "attacker-push-secret");
        push.put("pushSecretSha256", "a".repeat(64));

        HttpResult result = admin.post(config(TARGET), only("transmitters", List.of(poll, push)));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("invalid-config");
        assertThat(result.json().path("error_description").asText()).startsWith("3 problems: ")
                .contains("$.transmitters[0].bearerToken: a secret is never carried", "$.transmitters[1].pushSecret: ",
                        "$.transmitters[1].pushSecretSha256: ");
        assertThat(result.body()).doesNotContain("attacker-bearer-token", "attacker-push-secret", "a".repeat(64));
        assertThat(targetState()).isEqualTo(before);
        assertThat(storedTransmitter("poller").path("bearerToken").asText()).isEqualTo(TARGET_POLL_TOKEN);
    }

    @Test
    void aNewPollTransmitterWithoutItsSecretIsRefusedAndAnExistingOneKeepsItsSecret() {
        String before = targetState();
        JsonNode doc = Json.parse(sourceDocument());

        HttpResult refused = admin.post(config(TARGET), doc);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error_description").asText()).startsWith("1 problem: $.transmitters[1]: ")
                .contains("poll transmitter needs its client secret or bearer token");
        assertThat(targetState()).as("the push transmitter and the eligibilities are not applied either").isEqualTo(before);

        admin.put(transmitter(TARGET, "poller"), pollTransmitter(120, TARGET_POLL_TOKEN)).expect(201);
        admin.post(config(TARGET), doc).expect(200);
        assertThat(storedTransmitter("poller").path("bearerToken").asText()).isEqualTo(TARGET_POLL_TOKEN);
    }

    @Test
    void aPollUrlTheTransmittersApiRefusesIsRefusedByTheImportToo() {
        admin.put(transmitter(TARGET, "poller"), pollTransmitter(120, TARGET_POLL_TOKEN)).expect(201);
        String before = targetState();
        for (String url : List.of("http://user:password@169.254.169.254/latest/meta-data", "file:///etc/passwd",
                "gopher://10.0.0.1:6379/_FLUSHALL")) {
            Map<String, Object> viaApi = new LinkedHashMap<>(pollTransmitter(120, TARGET_POLL_TOKEN));
            viaApi.put("pollUrl", url);
            HttpResult api = admin.put(transmitter(TARGET, "poller"), viaApi);
            Map<String, Object> inDocument = new LinkedHashMap<>(viaApi);
            inDocument.remove("bearerToken");
            inDocument.put("alias", "poller");

            HttpResult imported = admin.post(config(TARGET), only("transmitters", List.of(inDocument)));

            assertThat(api.status()).as(url).isEqualTo(400);
            assertThat(imported.status()).as(url).isEqualTo(400);
            assertThat(imported.json().path("error_description").asText()).as(url)
                    .contains("$.transmitters[0]: ", "'pollUrl' must be an http(s) URL");
            assertThat(targetState()).isEqualTo(before);
        }
    }

    @Test
    void aUserGroupOrRoleTheRealmLacksIsAPathAndReasonErrorAndNothingChanges() {
        admin.post(eligibilities(TARGET), Map.of("user", "carol", "role", "realm:ops", "stepUp", "none")).expect(201);
        String before = targetState();
        List<Map<String, Object>> items = List.of(
                Map.of("user", "nobody-here", "role", "realm:ops"),
                Map.of("group", "/ops/nowhere", "role", "realm:ops"),
                Map.of("user", "bob", "role", "realm:missing-role"),
                Map.of("user", "dora", "role", "realm:ops", "approvalsRequired", 1, "approverGroup", "/gone"),
                Map.of("user", "carol", "role", "realm:ops", "id", "0b7e9d4c-0000-4000-8000-000000000000"),
                Map.of("user", "bob", "group", "/ops", "role", "realm:ops"));

        HttpResult result = admin.post(config(TARGET), only("eligibilities", items));

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").asText()).isEqualTo("invalid-config");
        assertThat(result.json().path("error_description").asText()).startsWith("6 problems: ")
                .contains("$.eligibilities[0].user: no user nobody-here", "$.eligibilities[1].group: no group /ops/nowhere",
                        "$.eligibilities[2].role: no role realm:missing-role",
                        "$.eligibilities[3].approverGroup: no group /gone", "$.eligibilities[4].id: not a member",
                        "$.eligibilities[5]: give exactly one of user");
        assertThat(targetState()).isEqualTo(before);
    }
}
