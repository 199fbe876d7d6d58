package io.github.zerotrust.keycloak.it.location;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Named network zones through /admin/realms/{realm}/zero-trust/zones: validation, audit, export and import. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZonesAdminIT {

    static final String REALM = "it-zones";
    static final String ZONES = "/admin/realms/" + REALM + "/zero-trust/zones";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(realm());
    }

    static JsonNode realm() {
        return RealmBuilder.realm(REALM)
                .user("carol", "carol-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("vpn only")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("vpn only outside")
                                .required("zt-condition-network-zone", "outside-trusted", Map.of("zones", "@trusted", "match", "not-in"))
                                .required("zt-deny-access", "deny-outside-trusted", Map.of())))
                .build();
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    static Map<String, Object> zone(boolean trusted, String... ranges) {
        return Map.of("ranges", List.of(ranges), "trusted", trusted);
    }

    @Test
    void createsReadsUpdatesAndDeletesAZoneWithAdminEvents() {
        admin.put(ZONES + "/branch-office", zone(false, "198.51.100.0/24")).expect(201);
        assertThat(admin.get(ZONES + "/branch-office").expect(200).json().path("ranges").get(0).asText())
                .isEqualTo("198.51.100.0/24");

        admin.put(ZONES + "/branch-office", zone(true, "198.51.100.0/25", "2001:db8:2::/48")).expect(200);
        JsonNode updated = admin.get(ZONES + "/branch-office").expect(200).json();
        assertThat(updated.path("trusted").asBoolean()).isTrue();
        assertThat(updated.path("ranges")).hasSize(2);

        admin.delete(ZONES + "/branch-office").expect(204);
        admin.get(ZONES + "/branch-office").expect(404);

        List<String> operations = admin.adminEvents(REALM).stream()
                .filter(e -> e.path("resourcePath").asText().equals("zero-trust/zones/branch-office"))
                .map(e -> e.path("operationType").asText()).toList();
        assertThat(operations).contains("CREATE", "UPDATE", "DELETE");
    }

    @Test
    void aTrustedZoneLetsItsAddressesThroughARuleOnTrustedZones() {
        admin.put(ZONES + "/vpn-egress", zone(true, "203.0.113.128/25")).expect(201);
        try {
            assertThat(Oidc.passwordGrant(server, REALM, "test-app", "carol", "carol-password", "203.0.113.200").status())
                    .isEqualTo(200);
            assertThat(Oidc.passwordGrant(server, REALM, "test-app", "carol", "carol-password", "203.0.113.5").status())
                    .isEqualTo(400);

            admin.put(ZONES + "/vpn-egress", zone(false, "203.0.113.128/25")).expect(200);
            assertThat(Oidc.passwordGrant(server, REALM, "test-app", "carol", "carol-password", "203.0.113.200").status())
                    .as("no longer trusted, so no longer let through").isEqualTo(400);
        } finally {
            admin.delete(ZONES + "/vpn-egress");
        }
    }

    @Test
    void locatesAnAddressAsTheConditionsSeeIt() {
        admin.put(ZONES + "/london-office", zone(false, "192.0.2.0/24")).expect(201);
        try {
            JsonNode located = admin.get("/admin/realms/" + REALM + "/zero-trust/locate?address=192.0.2.10").expect(200).json();
            assertThat(located.path("country").asText()).isEqualTo("GB");
            assertThat(located.path("zones")).extracting(JsonNode::asText).contains("london-office");
            HttpResult nope = admin.get("/admin/realms/" + REALM + "/zero-trust/locate?address=nope");
            assertThat(nope.status()).isEqualTo(400);
            assertThat(nope.json().path("error").asText()).isEqualTo("invalid-address");
            assertThat(nope.json().path("error_description").asText()).isEqualTo("'nope' is not an IPv4 or IPv6 address.");
        } finally {
            admin.delete(ZONES + "/london-office");
        }
    }

    @Nested
    class RefusesBadInput {

        @Test
        void aZoneWithMoreThan2000Ranges() {
            List<String> ranges = IntStream.range(0, 2001).mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24").toList();

            HttpResult result = admin.put(ZONES + "/too-big", Map.of("ranges", ranges, "trusted", false));

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("invalid-zone");
            assertThat(result.json().path("error_description").asText()).contains("2000");
            admin.get(ZONES + "/too-big").expect(404);
        }

        @Test
        void aZoneWith2000RangesIsFine() {
            List<String> ranges = IntStream.range(0, 2000).mapToObj(i -> "10." + (i / 256) + "." + (i % 256) + ".0/24").toList();
            try {
                admin.put(ZONES + "/big", Map.of("ranges", ranges, "trusted", false)).expect(201);
                assertThat(admin.get(ZONES + "/big").expect(200).json().path("ranges")).hasSize(2000);
            } finally {
                admin.delete(ZONES + "/big");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"300.1.1.0/24", "192.0.2.1/24", "10.0.0.0/4", "example.com", "192.0.2.0/33", ""})
        void aRangeThatIsNotAUsableCidr(String range) {
            HttpResult result = admin.put(ZONES + "/bad", zone(false, range));

            assertThat(result.status()).as(result.body()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("invalid-zone");
            assertThat(result.json().path("error_description").asText()).isNotBlank();
            admin.get(ZONES + "/bad").expect(404);
        }

        @ParameterizedTest
        @ValueSource(strings = {"10.0.0.0/2147483648", "10.0.0.0/9223372036854775807", "10.0.0.0/4294967320",
            "2001:db8::/2147483648", "2001:db8::/9223372036854775807", "10.0.0.0/-1", "10.0.0.0/0x20", "10.0.0.0/ 24",
            "10.0.0.0/\u0662\u0664", "10.0.0.0/\uff12\uff14", "2001:db8::/\u0663\u0662"})
        void anAbsurdPrefixLengthIsA400WithAClearMessageAndChangesNothing(String range) {
            admin.put(ZONES + "/kept", zone(false, "192.0.2.0/24")).expect(201);
            try {
                HttpResult created = admin.put(ZONES + "/bad", zone(false, range));
                HttpResult updated = admin.put(ZONES + "/kept", zone(true, "198.51.100.0/24", range));

                assertThat(created.status()).as(created.body()).isEqualTo(400);
                assertThat(created.json().path("error").asText()).isEqualTo("invalid-zone");
                assertThat(created.json().path("error_description").asText()).contains("prefix length");
                assertThat(updated.status()).as(updated.body()).isEqualTo(400);
                admin.get(ZONES + "/bad").expect(404);
                JsonNode kept = admin.get(ZONES + "/kept").expect(200).json();
                assertThat(kept.path("ranges")).extracting(JsonNode::asText).containsExactly("192.0.2.0/24");
                assertThat(kept.path("trusted").asBoolean()).isFalse();
            } finally {
                admin.delete(ZONES + "/kept");
            }
        }

        @Test
        void aHugeRangeEntryIsA400ThatDoesNotEchoIt() {
            HttpResult result = admin.put(ZONES + "/bad", zone(false, "10.0.0.0/" + "9".repeat(50_000)));

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("invalid-zone");
            assertThat(result.json().path("error_description").asText()).contains("50009 characters").hasSizeLessThan(300);
            assertThat(result.body()).hasSizeLessThan(400);
            admin.get(ZONES + "/bad").expect(404);
        }

        @Test
        void anAbsurdPrefixLengthThroughKeycloaksOwnComponentsApi() {
            String realmId = admin.get("/admin/realms/" + REALM).expect(200).json().path("id").asText();
            ObjectNode component = Json.object();
            component.put("name", "sneaky-prefix");
            component.put("providerId", "ip-ranges");
            component.put("providerType", "io.github.zerotrust.keycloak.spi.NetworkZoneProvider");
            component.put("parentId", realmId);
            component.set("config", Json.MAPPER.valueToTree(Map.of("ranges", List.of("10.0.0.0/2147483648"))));

            HttpResult result = admin.post("/admin/realms/" + REALM + "/components", component);

            assertThat(result.status()).as(result.body()).isEqualTo(400);
            admin.get(ZONES + "/sneaky-prefix").expect(404);
        }

        @Test
        void hostBitsWithAHint() {
            HttpResult result = admin.put(ZONES + "/bad", zone(false, "192.0.2.1/24"));

            assertThat(result.json().path("error").asText()).isEqualTo("invalid-zone");
            assertThat(result.json().path("error_description").asText()).contains("192.0.2.0/24");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{", "[]", "{\"ranges\": \"10.0.0.0/8\"}", "{\"ranges\": [\"10.0.0.0/8\"], \"extra\": 1}", "null"})
        void bodiesThatAreNotAZone(String body) {
            HttpResult result = admin.put(ZONES + "/bad", body);

            assertThat(result.status()).as(result.body()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("invalid-json");
            admin.get(ZONES + "/bad").expect(404);
        }

        @Test
        void anOversizedBody() {
            String huge = "{\"ranges\": [\"" + "1".repeat(300_000) + "\"]}";

            HttpResult result = admin.put(ZONES + "/bad", huge);

            assertThat(result.status()).isEqualTo(413);
            assertThat(result.json().path("error").asText()).isEqualTo("body-too-large");
            admin.get(ZONES + "/bad").expect(404);
        }

        @Test
        void aBodyThatIsNotJson() {
            HttpResult result = admin.send("PUT", ZONES + "/bad", "ranges=10.0.0.0/8", "application/x-www-form-urlencoded");

            assertThat(result.status()).isEqualTo(415);
            assertThat(result.json().path("error").asText()).isEqualTo("unsupported-media-type");
            admin.get(ZONES + "/bad").expect(404);
        }

        @Test
        void aNameThatDiffersFromThePath() {
            HttpResult result = admin.put(ZONES + "/one", Map.of("name", "two", "ranges", List.of("10.0.0.0/8")));

            assertThat(result.status()).isEqualTo(400);
            assertThat(result.json().path("error").asText()).isEqualTo("invalid-zone");
            admin.get(ZONES + "/one").expect(404);
        }

        @Test
        void theTwoHundredAndFirstZone() {
            List<String> created = new ArrayList<>();
            try {
                int existing = admin.get(ZONES).expect(200).json().size();
                for (int i = existing; i < 200; i++) {
                    String name = "bulk-" + i;
                    admin.put(ZONES + "/" + name, zone(false, "10." + i + ".0.0/16")).expect(201);
                    created.add(name);
                }
                HttpResult result = admin.put(ZONES + "/one-too-many", zone(false, "10.250.0.0/16"));

                assertThat(result.status()).isEqualTo(400);
                assertThat(result.json().path("error").asText()).isEqualTo("invalid-zone");
                assertThat(result.json().path("error_description").asText()).contains("200");
            } finally {
                created.forEach(name -> admin.delete(ZONES + "/" + name));
            }
        }

        @Test
        void aPlainUserCallingTheAdminApi() {
            admin.put(ZONES + "/vpn-egress", zone(true, "203.0.113.128/25")).expect(201);
            try {
                String token = Oidc.passwordGrant(server, REALM, "test-app", "carol", "carol-password", "203.0.113.200")
                        .expect(200).json().path("access_token").asText();
                HttpResult read = Http.get(server.baseUrl() + ZONES, Map.of("Authorization", "Bearer " + token));
                HttpResult write = Http.sendJson("PUT", server.baseUrl() + ZONES + "/mine",
                        Json.write(zone(true, "0.0.0.0/8")), Map.of("Authorization", "Bearer " + token));

                assertThat(read.status()).isEqualTo(403);
                assertThat(write.status()).isEqualTo(403);
            } finally {
                admin.delete(ZONES + "/vpn-egress");
            }
        }

        @Test
        void anInvalidZoneThroughKeycloaksOwnComponentsApi() {
            String realmId = admin.get("/admin/realms/" + REALM).expect(200).json().path("id").asText();
            ObjectNode component = Json.object();
            component.put("name", "sneaky");
            component.put("providerId", "ip-ranges");
            component.put("providerType", "io.github.zerotrust.keycloak.spi.NetworkZoneProvider");
            component.put("parentId", realmId);
            component.set("config", Json.MAPPER.valueToTree(Map.of("ranges", List.of("not-a-range"))));

            HttpResult result = admin.post("/admin/realms/" + REALM + "/components", component);

            assertThat(result.status()).isEqualTo(400);
            admin.get(ZONES + "/sneaky").expect(404);
        }
    }

    @Test
    void zonesTravelWithRealmExportAndImport() {
        admin.put(ZONES + "/exported", zone(true, "192.0.2.0/24", "2001:db8:1::/48")).expect(201);
        JsonNode export = admin.post("/admin/realms/" + REALM + "/partial-export?exportClients=true&exportGroupsAndRoles=true", null)
                .expect(200).json();

        admin.deleteRealm(REALM);
        ObjectNode reimport = (ObjectNode) export;
        // A partial export masks secrets and has no users; give the client its secret and carol back.
        reimport.set("users", realm().get("users"));
        for (JsonNode client : reimport.path("clients")) {
            if ("test-app".equals(client.path("clientId").asText())) {
                ((ObjectNode) client).put("secret", RealmBuilder.CLIENT_SECRET);
            }
        }
        admin.createRealm(reimport);

        JsonNode imported = admin.get(ZONES + "/exported").expect(200).json();
        assertThat(imported.path("trusted").asBoolean()).isTrue();
        assertThat(imported.path("ranges")).extracting(JsonNode::asText).containsExactlyInAnyOrder("192.0.2.0/24", "2001:db8:1::/48");
        assertThat(Oidc.passwordGrant(server, REALM, "test-app", "carol", "carol-password", "192.0.2.10").status())
                .as("the imported rule and zone work together").isEqualTo(200);
        admin.delete(ZONES + "/exported");
    }
}
