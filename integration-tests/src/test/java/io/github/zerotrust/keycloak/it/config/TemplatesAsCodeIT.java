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
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The configuration document's templates section: which templates are installed and with which parameters, exported,
 * imported into an empty realm through the templates API's own install (report-only, bound through the lockout
 * guard), and the attacks on it.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatesAsCodeIT {

    static final String SOURCE = "it-tac-source";
    static final String TARGET = "it-tac-target";

    KeycloakServer server;
    AdminApi admin;

    static String config(String realm) {
        return "/admin/realms/" + realm + "/zero-trust/config";
    }

    static ObjectNode realm(String name) {
        ObjectNode realm = RealmBuilder.realm(name).user("alice", "alice-password").user("viewer", "viewer-password")
                .passwordGrantClient("test-app").build();
        for (JsonNode user : realm.path("users")) {
            List<String> roles = switch (user.path("username").asText()) {
                case "alice" -> List.of("realm-admin");
                case "viewer" -> List.of("view-realm", "view-users");
                default -> List.of();
            };
            ((ObjectNode) user).putObject("clientRoles").set("realm-management", Json.MAPPER.valueToTree(roles));
        }
        return realm;
    }

    @BeforeAll
    void createSource(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(SOURCE);
        admin.createRealm(realm(SOURCE));
        admin.post("/admin/realms/" + SOURCE + "/zero-trust/templates/foundation/install",
                Map.of("parameters", Map.of("blockedCountries", List.of("KP"), "graceDays", 7))).expect(200);
    }

    @BeforeEach
    void createEmptyTarget() {
        admin.deleteRealm(TARGET);
        admin.createRealm(realm(TARGET));
    }

    @AfterAll
    void deleteRealms() {
        admin.deleteRealm(SOURCE);
        admin.deleteRealm(TARGET);
    }

    ObjectNode export(String realm) {
        return (ObjectNode) admin.get(config(realm)).expect(200).json();
    }

    JsonNode templates(String realm) {
        return admin.get("/admin/realms/" + realm + "/zero-trust/templates").expect(200).json();
    }

    JsonNode template(String realm, String id) {
        for (JsonNode t : templates(realm).path("templates")) {
            if (id.equals(t.path("id").asText())) {
                return t;
            }
        }
        throw new AssertionError("no template " + id);
    }

    static ObjectNode onlyTemplates(ObjectNode document) {
        ObjectNode only = Json.MAPPER.createObjectNode();
        only.set("schema", document.get("schema"));
        only.set("version", document.get("version"));
        only.set("templates", document.get("templates"));
        return only;
    }

    String browserFlow(String realm) {
        return admin.get("/admin/realms/" + realm).expect(200).json().path("browserFlow").asText();
    }

    @Test
    void theInstalledTemplatesRoundTripIntoAnEmptyRealmReportOnly() {
        ObjectNode source = export(SOURCE);
        assertThat(source.path("templates")).hasSize(1);
        assertThat(source.at("/templates/0/id").asText()).isEqualTo("foundation");
        assertThat(source.at("/templates/0/parameters/graceDays").asInt()).isEqualTo(7);

        admin.post(config(TARGET), source).expect(200);

        JsonNode installed = template(TARGET, "foundation");
        assertThat(installed.path("installed").asBoolean()).isTrue();
        assertThat(installed.path("rules")).allSatisfy(rule -> assertThat(rule.path("state").asText())
                .as("rule %s after the import", rule.path("id").asText()).isIn("report-only", "proposed"));
        assertThat(browserFlow(TARGET)).isEqualTo("zero-trust browser");
        ObjectNode again = export(TARGET);
        again.put("realm", SOURCE);
        assertThat(again.toString()).as("export → import → export").isEqualTo(source.toString());
        // Report-only: a sign-in from the blocked country is not refused.
        assertThat(Oidc.passwordGrant(server, TARGET, "test-app", "alice", "alice-password", "198.51.100.7").status())
                .isEqualTo(200);
    }

    @Test
    void importingTheSameDocumentTwiceChangesNothingTheSecondTime() {
        ObjectNode source = onlyTemplates(export(SOURCE));
        admin.post(config(TARGET), source).expect(200);
        JsonNode second = admin.post(config(TARGET) + "?dryRun=true", source).expect(200).json();
        assertThat(second.path("changes").toString()).doesNotContain("foundation");
    }

    @Test
    void aDocumentCannotUninstallATemplate() {
        admin.post(config(TARGET), onlyTemplates(export(SOURCE))).expect(200);
        String flowsBefore = admin.get("/admin/realms/" + TARGET + "/authentication/flows").expect(200).json().toString();
        ObjectNode without = onlyTemplates(export(TARGET));
        without.putArray("templates");

        HttpResult refused = admin.post(config(TARGET), without);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid-config");
        assertThat(refused.json().path("error_description").asText()).contains("$.templates: 'foundation' is installed");
        assertThat(template(TARGET, "foundation").path("installed").asBoolean()).isTrue();
        assertThat(admin.get("/admin/realms/" + TARGET + "/authentication/flows").expect(200).json().toString()).isEqualTo(flowsBefore);
    }

    @Test
    void anUnknownTemplateOrBadParametersAreRefusedWithTheirPathAndNothingIsInstalled() {
        ObjectNode document = onlyTemplates(export(SOURCE));
        ArrayNode items = document.putArray("templates");
        items.addObject().put("id", "zero-day");
        items.addObject().put("id", "foundation").putObject("parameters").put("graceDays", -3).putArray("blockedCountries").add("XX");

        HttpResult refused = admin.post(config(TARGET), document);

        assertThat(refused.status()).isEqualTo(400);
        String description = refused.json().path("error_description").asText();
        assertThat(description).contains("$.templates[0].id: no template 'zero-day'").contains("$.templates[1].parameters: ");
        assertThat(template(TARGET, "foundation").path("installed").asBoolean()).isFalse();
        assertThat(browserFlow(TARGET)).isEqualTo("browser");
    }

    @Test
    void aViewRealmAdminCannotInstallTemplatesThroughTheImport() {
        String viewer = Oidc.passwordGrant(server, TARGET, "test-app", "viewer", "viewer-password", "192.0.2.10").expect(200)
                .json().path("access_token").asText();

        HttpResult refused = Http.sendJson("POST", server.baseUrl() + config(TARGET), Json.write(onlyTemplates(export(SOURCE))),
                Map.of("Authorization", "Bearer " + viewer));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(template(TARGET, "foundation").path("installed").asBoolean()).isFalse();
        assertThat(browserFlow(TARGET)).isEqualTo("browser");
    }
}
