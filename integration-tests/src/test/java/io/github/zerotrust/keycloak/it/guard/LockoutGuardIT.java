package io.github.zerotrust.keycloak.it.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lockout guard: a step enforced or a flow bound through the suite is first walked by What-If for every admin of the
 * realm, the master realm's admins, every break-glass account and the caller; a change that would lock them out is
 * refused and nothing changes. The admins sign in with the password grant (bound as direct grant, never changed here),
 * so the browser flow under test can be made as strict as a test needs.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockoutGuardIT {

    static final String REALM = "lockout-guard";
    static final String LONDON = "192.0.2.10";
    static final String GLASS_ID = "6d1f7a2e-3b4c-4d5e-8f90-a1b2c3d4e5f6";
    static final String BROWSER = "guard browser";
    static final String VAULT_LOCK = "vault lock";
    static final String PLAIN = "plain browser";
    static final String SPARE = "spare browser";
    static final String NO_GRANTS = "no password grants";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void start(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        Map<String, String> everywhere = Map.of("countries", "KP", "match", "not-in", "report_only", "true");
        RealmBuilder builder = RealmBuilder.realm(REALM)
                .passwordGrantClient("test-app")
                .directGrantFlow(Flow.topLevel("password grant").required("direct-grant-validate-username")
                        .required("direct-grant-validate-password"))
                .browserFlow(Flow.topLevel(BROWSER)
                        .required(Flow.standardSignIn(BROWSER))
                        .conditional(Flow.sub("deny everywhere")
                                .required("zt-condition-country", "everywhere", everywhere)
                                .required("zt-deny-access"))
                        .conditional(Flow.sub("deny north korea")
                                .required("zt-condition-country", "north-korea",
                                        Map.of("countries", "KP", "match", "in", "report_only", "true"))
                                .required("zt-deny-access"))
                        .conditional(Flow.sub("otp for everyone")
                                .required("zt-condition-country", "otp-everywhere", everywhere)
                                .required("auth-otp-form")))
                .flow(Flow.topLevel(VAULT_LOCK)
                        .required(Flow.standardSignIn(VAULT_LOCK))
                        .conditional(Flow.sub("vault is locked")
                                .required("zt-condition-applies-to", "the-vault", Map.of("zt.applies-to.groups", "vault"))
                                .required("zt-deny-access")))
                .flow(Flow.topLevel(PLAIN).required(Flow.standardSignIn(PLAIN)))
                .flow(Flow.topLevel(SPARE)
                        .required(Flow.standardSignIn(SPARE))
                        .conditional(Flow.sub("spare deny")
                                .required("zt-condition-country", "spare-everywhere", everywhere)
                                .required("zt-deny-access")))
                .flow(Flow.topLevel(NO_GRANTS)
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .conditional(Flow.sub("no grants anywhere")
                                .required("zt-condition-country", "grants-everywhere",
                                        Map.of("countries", "KP", "match", "not-in", "report_only", "false"))
                                .required("zt-deny-access")))
                .attribute("zt.break-glass.accounts", "[\"" + GLASS_ID + "\"]");
        for (String user : List.of("alice", "vera", "max", "glass", "staff")) {
            builder.user(user, user + "-password");
        }
        builder.userWithOtp("bob", "bob-password", "guard-otp-secret-1");
        builder.group("admins", "bob").group("vault", "glass");
        ObjectNode realm = builder.build();
        for (JsonNode u : realm.get("users")) {
            ObjectNode user = (ObjectNode) u;
            switch (user.path("username").asText()) {
                case "alice" -> user.putObject("clientRoles").putArray("realm-management").add("realm-admin");
                case "vera" -> user.putObject("clientRoles").putArray("realm-management").add("view-realm").add("view-users");
                case "max" -> user.putObject("clientRoles").putArray("realm-management").add("manage-users");
                case "glass" -> user.put("id", GLASS_ID);
                default -> { }
            }
        }
        for (JsonNode g : realm.get("groups")) {
            if ("admins".equals(g.path("name").asText())) {
                ((ObjectNode) g).putObject("clientRoles").putArray("realm-management").add("manage-realm");
            }
        }
        admin.createRealm(realm);
    }

    @AfterAll
    void cleanUp() {
        admin.deleteRealm(REALM);
    }

    String token(String user) {
        return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "password", "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET, "username", user, "password", user + "-password", "scope", "openid"),
                Map.of("X-Forwarded-For", LONDON)).expect(200).json().path("access_token").asText();
    }

    HttpResult guard(String endpoint, String user, String body) {
        return Http.sendJson("POST", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/guard/" + endpoint, body,
                Map.of("Authorization", "Bearer " + token(user), "X-Forwarded-For", LONDON));
    }

    String browserFlow() {
        return admin.get("/admin/realms/" + REALM).expect(200).json().path("browserFlow").asText();
    }

    /** The stored settings of the step configured as {@code configAlias} in {@code flow}. */
    JsonNode config(String flow, String configAlias) {
        for (JsonNode e : executions(flow)) {
            if (e.has("authenticationConfig")) {
                JsonNode c = admin.get("/admin/realms/" + REALM + "/authentication/config/" + e.path("authenticationConfig").asText())
                        .expect(200).json();
                if (configAlias.equals(c.path("alias").asText())) {
                    return c.path("config");
                }
            }
        }
        throw new AssertionError("No step " + configAlias + " in " + flow);
    }

    JsonNode executions(String flow) {
        return admin.get("/admin/realms/" + REALM + "/authentication/flows/" + Http.enc(flow).replace("+", "%20") + "/executions")
                .expect(200).json();
    }

    String executionId(String flow, String provider) {
        for (JsonNode e : executions(flow)) {
            if (provider.equals(e.path("providerId").asText())) {
                return e.path("id").asText();
            }
        }
        throw new AssertionError("No " + provider + " in " + flow);
    }

    List<JsonNode> guardEvents() {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : admin.adminEvents(REALM)) {
            if (e.path("resourcePath").asText().startsWith("zero-trust/guard")) {
                events.add(e);
            }
        }
        return events;
    }

    static JsonNode person(JsonNode answer, String username) {
        for (JsonNode p : answer.path("people")) {
            if (username.equals(p.path("username").asText())) {
                return p;
            }
        }
        throw new AssertionError("No " + username + " simulated in " + answer);
    }

    static String enforceStep(String flow, String step) {
        return "{\"flow\": \"" + flow + "\", \"step\": \"" + step + "\"}";
    }

    static String bindBrowser(String flow) {
        return "{\"flow\": \"" + flow + "\", \"binding\": \"browser\"}";
    }

    @Test
    void promotingADenyForEveryCountryIsRefusedBecauseItLocksOutEveryAdmin() {
        HttpResult refused = guard("enforce", "alice", enforceStep(BROWSER, "everywhere"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("error").asText()).isEqualTo("would-lock-out");
        assertThat(refused.json().path("error_description").asText())
                .contains("every admin of the realm (2)", "alice", "bob", "it would refuse you, alice")
                .as("the break-glass account passes every zero-trust step").doesNotContain("break-glass account glass");
        assertThat(config(BROWSER, "everywhere").path("report_only").asText()).isEqualTo("true");
        String everywhere = executionIdOfStep(BROWSER, "everywhere");
        assertThat(guardEvents()).noneMatch(e -> e.path("resourcePath").asText().endsWith(everywhere));
    }

    @Test
    void aRuleAimedAtTheBreakGlassAccountCannotRefuseItBecauseTheAccountIsExempt() {
        // The vault lock's zero-trust rule names the break-glass account; break-glass accounts pass every zero-trust
        // step, so the guard's simulation lets it in and says why (a refusal of one would be 409: LockoutGuardTest).
        HttpResult checked = guard("check", "alice",
                "{\"change\": \"bind\", \"flow\": \"" + VAULT_LOCK + "\", \"binding\": \"browser\"}");

        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        JsonNode glass = person(checked.json(), "glass");
        assertThat(glass.path("counts").toString()).contains("break-glass");
        assertThat(glass.path("outcome").path("result").asText()).isEqualTo("allowed");
        assertThat(glass.toString()).contains("break-glass account: zero-trust rules do not apply");
        assertThat(browserFlow()).as("a check binds nothing").isEqualTo(BROWSER);
    }

    @Test
    void bindingADirectGrantFlowThatRefusesEveryAdminIsRefused() {
        HttpResult refused = guard("bind", "alice", "{\"flow\": \"" + NO_GRANTS + "\", \"binding\": \"direct-grant\"}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("error_description").asText()).contains("every admin of the realm (2)", "grants-everywhere");
        assertThat(admin.get("/admin/realms/" + REALM).expect(200).json().path("directGrantFlow").asText()).isEqualTo("password grant");
    }

    @Test
    void aRuleThatAsksAdminsForAnUnregisteredFactorWarns() {
        HttpResult checked = guard("check", "alice", "{\"change\": \"enforce\", \"flow\": \"" + BROWSER + "\", \"step\": \"otp-everywhere\"}");

        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        JsonNode answer = checked.json();
        assertThat(answer.path("decision").asText()).isEqualTo("warn");
        assertThat(answer.path("warnings").toString()).contains("alice", "otp").doesNotContain("bob");
        JsonNode alice = person(answer, "alice");
        assertThat(alice.path("counts").toString()).contains("caller", "realm-admin");
        assertThat(alice.path("outcome").path("result").asText()).isEqualTo("asked");
        assertThat(alice.path("outcome").path("factors").get(0).path("credentialType").asText()).isEqualTo("otp");
        assertThat(alice.path("outcome").path("factors").get(0).path("registered").asBoolean()).isFalse();
        JsonNode bob = person(answer, "bob");
        assertThat(bob.path("counts").toString()).contains("realm-admin");
        assertThat(bob.path("outcome").path("factors").get(0).path("registered").asBoolean()).isTrue();
        assertThat(person(answer, "glass").path("counts").toString()).contains("break-glass");
        assertThat(person(answer, "admin").path("outcome").path("result").asText()).isEqualTo("untouched");
        assertThat(answer.path("people").toString()).doesNotContain("\"staff\"").doesNotContain("\"vera\"");
        assertThat(config(BROWSER, "otp-everywhere").path("report_only").asText()).isEqualTo("true");
    }

    @Test
    void aSafePromotionIsEnforced() {
        HttpResult enforced = guard("enforce", "alice", enforceStep(BROWSER, "north-korea"));

        assertThat(enforced.status()).as(enforced.toString()).isEqualTo(200);
        assertThat(enforced.json().path("decision").asText()).isEqualTo("allow");
        assertThat(enforced.json().path("changed").asBoolean()).isTrue();
        assertThat(person(enforced.json(), "alice").path("outcome").path("result").asText()).isEqualTo("allowed");
        assertThat(config(BROWSER, "north-korea").path("report_only").asText()).isEqualTo("false");
        assertThat(guardEvents()).anySatisfy(e -> {
            assertThat(e.path("operationType").asText()).isEqualTo("UPDATE");
            assertThat(e.path("resourcePath").asText()).isEqualTo("zero-trust/guard/enforce/" + executionIdOfStep(BROWSER, "north-korea"));
        });
    }

    String executionIdOfStep(String flow, String configAlias) {
        for (JsonNode e : executions(flow)) {
            if (e.has("authenticationConfig")) {
                JsonNode c = admin.get("/admin/realms/" + REALM + "/authentication/config/" + e.path("authenticationConfig").asText())
                        .expect(200).json();
                if (configAlias.equals(c.path("alias").asText())) {
                    return e.path("id").asText();
                }
            }
        }
        throw new AssertionError("No step " + configAlias);
    }

    @Test
    void aViewRealmAdminCannotEnforceARule() {
        HttpResult refused = guard("enforce", "vera", enforceStep(BROWSER, "otp-everywhere"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(config(BROWSER, "otp-everywhere").path("report_only").asText()).isEqualTo("true");
    }

    @Test
    void aManageUsersAdminCannotBindAFlow() {
        HttpResult refused = guard("bind", "max", bindBrowser(PLAIN));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(browserFlow()).isEqualTo(BROWSER);
    }

    @Test
    void aManageUsersAdminCannotEvenCheckAChange() {
        assertThat(guard("check", "max", "{\"change\": \"bind\", \"flow\": \"" + PLAIN + "\", \"binding\": \"browser\"}").status())
                .isEqualTo(403);
    }

    @Test
    void theGuardCannotBeBypassedByEnforcingInAnUnboundFlowAndBindingItAfter() {
        HttpResult enforced = guard("enforce", "alice", enforceStep(SPARE, "spare-everywhere"));
        assertThat(enforced.status()).as(enforced.toString()).isEqualTo(200);
        assertThat(person(enforced.json(), "alice").path("outcome").path("result").asText()).isEqualTo("untouched");

        HttpResult bound = guard("bind", "alice", bindBrowser(SPARE));

        assertThat(bound.status()).as(bound.toString()).isEqualTo(409);
        assertThat(bound.json().path("error_description").asText()).contains("every admin", "spare-everywhere");
        assertThat(browserFlow()).isEqualTo(BROWSER);
    }

    @Test
    void theGuardCannotBeBypassedByNamingAStepOfAnotherFlow() {
        HttpResult refused = guard("enforce", "alice", enforceStep(PLAIN, "everywhere"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("error_description").asText()).contains("step: no step configured as 'everywhere'");
        assertThat(config(BROWSER, "everywhere").path("report_only").asText()).isEqualTo("true");
    }

    @Test
    void badInputIsRefusedListingEveryBadFieldAndNothingChanges() {
        HttpResult enforce = guard("enforce", "alice", "{\"flow\": \"no such flow\", \"binding\": \"browser\"}");
        assertThat(enforce.status()).isEqualTo(400);
        assertThat(enforce.json().path("error").asText()).isEqualTo("invalid-change");
        assertThat(enforce.json().path("error_description").asText()).contains("flow: no top-level flow 'no such flow'",
                "execution, step: give", "binding: not part of an enforce");

        HttpResult bind = guard("bind", "alice", "{\"flow\": \"" + PLAIN + "\", \"binding\": \"sideways\", \"step\": \"everywhere\"}");
        assertThat(bind.status()).isEqualTo(400);
        assertThat(bind.json().path("error_description").asText()).contains("binding: must be", "execution, step: not part of a bind");

        HttpResult alwaysActs = guard("enforce", "alice",
                "{\"flow\": \"" + BROWSER + "\", \"execution\": \"" + executionId(BROWSER, "zt-deny-access") + "\"}");
        assertThat(alwaysActs.status()).isEqualTo(400);
        assertThat(alwaysActs.json().path("error_description").asText()).contains("has no report-only setting");

        HttpResult unknownExecution = guard("enforce", "alice", "{\"flow\": \"" + BROWSER + "\", \"execution\": \"nope\"}");
        assertThat(unknownExecution.status()).isEqualTo(400);
        assertThat(unknownExecution.json().path("error_description").asText()).contains("execution: no execution 'nope'");

        HttpResult noChange = guard("check", "alice", "{\"flow\": \"" + PLAIN + "\"}");
        assertThat(noChange.status()).isEqualTo(400);
        assertThat(noChange.json().path("error_description").asText()).contains("change: must be 'enforce' or 'bind'");

        HttpResult unknownField = guard("bind", "alice", "{\"flow\": \"" + PLAIN + "\", \"binding\": \"browser\", \"force\": true}");
        assertThat(unknownField.status()).isEqualTo(400);

        assertThat(browserFlow()).isEqualTo(BROWSER);
        assertThat(config(BROWSER, "everywhere").path("report_only").asText()).isEqualTo("true");
        assertThat(guardEvents()).noneMatch(e -> e.path("resourcePath").asText().startsWith("zero-trust/guard/bind"));
    }

    @Test
    void aCheckChangesNothing() {
        HttpResult enforceCheck = guard("check", "vera", "{\"change\": \"enforce\", \"flow\": \"" + BROWSER + "\", \"step\": \"everywhere\"}");
        HttpResult bindCheck = guard("check", "vera", "{\"change\": \"bind\", \"flow\": \"" + VAULT_LOCK + "\", \"binding\": \"browser\"}");

        assertThat(enforceCheck.status()).as(enforceCheck.toString()).isEqualTo(200);
        assertThat(enforceCheck.json().path("decision").asText()).isEqualTo("refuse");
        assertThat(enforceCheck.json().path("changed").asBoolean()).isFalse();
        assertThat(person(enforceCheck.json(), "bob").path("outcome").path("step").asText()).isEqualTo("zt-deny-access");
        // vera is the caller here but no admin: her own standing is only that she asked.
        assertThat(person(enforceCheck.json(), "vera").path("counts").toString()).isEqualTo("[\"caller\"]");
        // The vault lock names only the break-glass account, which passes every zero-trust step: nobody is refused.
        assertThat(bindCheck.json().path("decision").asText()).isEqualTo("allow");
        assertThat(person(bindCheck.json(), "glass").path("outcome").path("result").asText()).isEqualTo("allowed");
        assertThat(person(bindCheck.json(), "alice").path("outcome").path("result").asText()).isEqualTo("allowed");
        assertThat(config(BROWSER, "everywhere").path("report_only").asText()).isEqualTo("true");
        assertThat(browserFlow()).isEqualTo(BROWSER);
        String everywhere = executionIdOfStep(BROWSER, "everywhere");
        assertThat(guardEvents()).noneMatch(e -> e.path("resourcePath").asText().endsWith(everywhere)
                || e.path("resourcePath").asText().startsWith("zero-trust/guard/bind"));
    }
}
