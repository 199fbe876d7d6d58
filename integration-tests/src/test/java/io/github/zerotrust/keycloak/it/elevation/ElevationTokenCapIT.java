package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No token outlives an elevation whose role it carries, whatever the app: roles reached only through the elevated
 * composite, apps that never added the mapper, lightweight access tokens and their introspection, ID tokens.
 * Every elevation here ends well before Keycloak's five-minute token lifetime, so an uncapped token shows.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationTokenCapIT {

    static final String REALM = "it-elevation-tokens";

    ElevationApi api;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.api = new ElevationApi(server, admin, REALM);
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("zt.elevation.allowed-clients", "test-app")
                .user("tom", "tom-password").user("lia", "lia-password").user("ida", "ida-password")
                .passwordGrantClient("test-app")
                .passwordGrantClient("scoped-app")
                .passwordGrantClient("plain-app")
                .passwordGrantClient("light-app")
                .clientAttribute("light-app", "client.use.lightweight.access.token.enabled", "true")
                .build());
        for (String role : List.of("ops-bundle", "restart-service", "cap-role", "light-role", "saml-later", "saml-visible")) {
            api.role(role);
        }
        JsonNode child = admin.get("/admin/realms/" + REALM + "/roles/restart-service").expect(200).json();
        admin.post("/admin/realms/" + REALM + "/roles/ops-bundle/composites", List.of(child)).expect(204);
        // scoped-app sees only the composite's child, never the composite itself.
        JsonNode scoped = admin.get("/admin/realms/" + REALM + "/clients?clientId=scoped-app").expect(200).json().get(0);
        ((ObjectNode) scoped).put("fullScopeAllowed", false);
        admin.put("/admin/realms/" + REALM + "/clients/" + scoped.path("id").asText(), scoped).expect(204);
        admin.post("/admin/realms/" + REALM + "/clients/" + scoped.path("id").asText() + "/scope-mappings/realm",
                List.of(child)).expect(204);
        // Keycloak introspects a token only for a client in its audience: light-app names itself there.
        JsonNode light = admin.get("/admin/realms/" + REALM + "/clients?clientId=light-app").expect(200).json().get(0);
        admin.post("/admin/realms/" + REALM + "/clients/" + light.path("id").asText() + "/protocol-mappers/models",
                Map.of("name", "own audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", "light-app", "access.token.claim", "true",
                                "introspection.token.claim", "true", "lightweight.claim", "true"))).expect(201);
    }

    @AfterAll
    void cleanUp() {
        admin.deleteRealm(REALM);
    }

    /** Makes {@code user} eligible for {@code role} until {@code end} and activates it; the elevation's end. */
    Instant elevate(String user, String role, Instant end) {
        api.eligibility(Map.of("user", user, "role", "realm:" + role, "stepUp", "none", "endsAt", end.toString()));
        HttpResult granted = api.activate(api.passwordToken("test-app", user), "realm:" + role, 60, "a short job");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        Instant elevationEnd = Instant.parse(granted.json().path("elevation").path("end").asText());
        assertThat(elevationEnd).isEqualTo(end);
        return elevationEnd;
    }

    static Instant soon(long seconds) {
        return Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    }

    JsonNode tokens(String client, String user) {
        return Oidc.passwordGrant(api.server, REALM, client, user, user + "-password", "192.0.2.10").expect(200).json();
    }

    @Test
    void aRoleReachableOnlyThroughTheElevatedCompositeEndsWithTheElevation() {
        Instant end = elevate("tom", "ops-bundle", soon(150));

        String token = tokens("scoped-app", "tom").path("access_token").asText();

        assertThat(ElevationApi.realmRoles(token)).contains("restart-service").doesNotContain("ops-bundle");
        assertThat(Oidc.claims(token).path("exp").asLong()).as("the child role ends with the composite's elevation")
                .isLessThanOrEqualTo(end.getEpochSecond());
    }

    @Test
    void anAppThatNeverAddedTheMapperStillGetsTokensThatEndWithTheElevation() {
        Instant end = elevate("lia", "cap-role", soon(150));

        JsonNode tokens = tokens("plain-app", "lia");

        assertThat(ElevationApi.realmRoles(tokens.path("access_token").asText())).contains("cap-role");
        assertThat(Oidc.claims(tokens.path("access_token").asText()).path("exp").asLong()).isLessThanOrEqualTo(end.getEpochSecond());
        assertThat(Oidc.claims(tokens.path("id_token").asText()).path("exp").asLong()).as("the ID token too")
                .isLessThanOrEqualTo(end.getEpochSecond());
    }

    @Test
    void aLightweightTokenEndsWithTheElevationAndIntrospectionSaysSo() throws InterruptedException {
        Instant end = elevate("ida", "light-role", soon(40));

        String token = tokens("light-app", "ida").path("access_token").asText();

        assertThat(Oidc.claims(token).has("realm_access")).as("a lightweight token carries no roles").isFalse();
        assertThat(Oidc.claims(token).path("exp").asLong()).isLessThanOrEqualTo(end.getEpochSecond());
        JsonNode live = introspect(token);
        assertThat(live.path("active").asBoolean()).isTrue();
        assertThat(live.path("realm_access").path("roles").toString()).contains("light-role");
        JsonNode after = null;
        while (Instant.now().isBefore(end.plusSeconds(60))) {
            after = introspect(token);
            if (!after.path("active").asBoolean()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(after.path("active").asBoolean()).as("inactive once the elevation has ended").isFalse();
    }

    @Test
    void anElevatedRoleNeverReachesASamlAppWhoseAssertionCannotBeCut() {
        api.eligibility(Map.of("user", "lia", "role", "realm:saml-later", "stepUp", "none"));
        admin.post("/admin/realms/" + REALM + "/clients", Map.of("clientId", "https://sp.example.test/saml",
                "protocol", "saml", "fullScopeAllowed", true)).expect(201);
        String samlApp = admin.get("/admin/realms/" + REALM + "/clients?clientId=" + Http.enc("https://sp.example.test/saml"))
                .expect(200).json().get(0).path("id").asText();
        try {
            HttpResult refused = admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities",
                    Map.of("user", "lia", "role", "realm:saml-visible", "stepUp", "none"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().path("error_description").asText()).contains("SAML", "https://sp.example.test/saml");
            assertThat(api.eligibilities().toString()).doesNotContain("realm:saml-visible");

            HttpResult activated = api.activate(api.passwordToken("test-app", "lia"), "realm:saml-later", 30, "a SAML app's role");

            assertThat(activated.status()).as(activated.body()).isEqualTo(403);
            assertThat(activated.json().path("error").asText()).isEqualTo("exposed-to-saml");
            assertThat(api.effectiveRealmRoles("lia")).doesNotContain("saml-later");
        } finally {
            admin.delete("/admin/realms/" + REALM + "/clients/" + samlApp).expect(204);
        }
    }

    JsonNode introspect(String token) {
        return Http.postForm(Oidc.tokenUrl(api.server, REALM) + "/introspect", Map.of("token", token,
                "client_id", "light-app", "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
    }
}
