package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SmtpSink;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Just-in-time privileged roles on the real server: activation with step-up through
 * {@code kc_action=zt-elevate}, approval by others (never oneself) on the approvals page and over REST,
 * expiry on time through Keycloak's model API (the next token has no role), early deactivation, one
 * elevation out of two parallel activations, bad input, and e-mails to a local SMTP sink.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ElevationIT {

    static final String REALM = "it-elevation";
    static final String FLOW = "elevation browser";
    static final String OTP_SECRET = "zero-trust-otp-secret-9";
    /** Approvers answer with a fresh second factor (the realm's default approval strength is mfa). */
    static final String ANA_OTP = "ana-otp-secret-for-approvals";
    static final String BO_OTP = "bo-otp-secret-for-approvals";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    SmtpSink smtp;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        this.smtp = new SmtpSink();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .attribute("acr.loa.map", "{\"pwd\":1,\"mfa\":2}")
                .attribute("zt.elevation.privileged-roles", "realm:ops-admin, realm:db-admin")
                .attribute("zt.elevation.alert-email", "security@example.test")
                .attribute("zt.elevation.allowed-clients", "test-app")
                .smtp("127.0.0.1", smtp.port())
                .userWithOtp("erin", "erin-password", OTP_SECRET)
                .user("finn", "finn-password")
                .userWithOtp("ana", "ana-password", ANA_OTP)
                .userWithOtp("bo", "bo-password", BO_OTP)
                .user("cy", "cy-password")
                .user("pat", "pat-password")
                .user("rue", "rue-password")
                .group("approvers", "ana", "bo", "finn")
                .group("operators", "pat")
                .client("test-app", List.of(app.callback()))
                .protocolMapper("test-app", "elevations", "zt-elevation-mapper")
                .browserFlow(Flow.topLevel(FLOW)
                        .required(Flow.sub(FLOW + " sign-in")
                                .alternative("auth-cookie")
                                .alternative(Flow.sub(FLOW + " levels")
                                        .conditional(Flow.sub(FLOW + " password")
                                                .required("conditional-level-of-authentication", "level-1",
                                                        Map.of("loa-condition-level", "1", "loa-max-age", "36000"))
                                                .required("auth-username-password-form"))
                                        .conditional(Flow.sub(FLOW + " mfa")
                                                .required("conditional-level-of-authentication", "level-2",
                                                        Map.of("loa-condition-level", "2", "loa-max-age", "36000"))
                                                .required("auth-otp-form")))))
                .build());
        for (String role : List.of("ops-admin", "db-admin", "auditor", "later-role", "restart-role")) {
            admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", role)).expect(201);
        }
        admin.post("/admin/realms/" + REALM + "/authentication/register-required-action",
                Map.of("providerId", "zt-elevate", "name", "Zero Trust - activate a privileged role")).expect(204);
        eligibility(Map.of("user", "erin", "role", "realm:ops-admin", "maxDurationMinutes", 60, "stepUp", "mfa",
                "stepUpMaxAgeMinutes", 15));
        eligibility(Map.of("user", "finn", "role", "realm:db-admin", "maxDurationMinutes", 120, "stepUp", "none",
                "approvalsRequired", 2, "approverGroup", "approvers"));
        eligibility(Map.of("group", "operators", "role", "realm:auditor", "maxDurationMinutes", 30, "stepUp", "none"));
        eligibility(Map.of("user", "rue", "role", "realm:later-role", "stepUp", "none",
                "endsAt", Instant.now().minusSeconds(60).toString()));
    }

    @AfterAll
    void cleanUp() {
        app.close();
        smtp.close();
        admin.deleteRealm(REALM);
    }

    String eligibility(Map<String, Object> body) {
        return admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", body).expect(201).json()
                .path("id").asText();
    }

    String userToken(String user) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", "192.0.2.10").expect(200).json()
                .path("access_token").asText();
    }

    /** A token that shows a fresh second factor: what an approver answers over REST with. */
    String steppedUpToken(String user, String otpSecret) {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback())
                    + "&acr_values=mfa&prompt=login");
            new LoginPage(browser).signIn(user, user + "-password");
            browser.element(By.id("otp")).sendKeys(Totp.now(otpSecret));
            browser.element(By.id("kc-login")).click();
            return Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "authorization_code",
                    "code", new AppPage(browser).code(), "redirect_uri", app.callback(), "client_id", "test-app",
                    "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json().path("access_token").asText();
        }
    }

    HttpResult call(String method, String path, String token, Object body) {
        return Http.sendJson(method, server.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/" + path,
                body == null ? null : (body instanceof String s ? s : Json.write(body)),
                Map.of("Authorization", "Bearer " + token));
    }

    HttpResult activate(String token, String role, long minutes, String justification) {
        return call("POST", "activate", token, Map.of("role", role, "durationMinutes", minutes, "justification", justification));
    }

    static List<String> realmRoles(String accessToken) {
        List<String> roles = new ArrayList<>();
        Oidc.claims(accessToken).path("realm_access").path("roles").forEach(r -> roles.add(r.asText()));
        return roles;
    }

    String userId(String user) {
        return admin.get("/admin/realms/" + REALM + "/users?username=" + user + "&exact=true").expect(200).json().get(0)
                .path("id").asText();
    }

    @Test
    @Order(1)
    void anEligibleUserActivatesAfterStepUpAndTheTokenEndsNoLaterThanTheElevation() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback())
                    + "&kc_action=zt-elevate&acr_values=mfa&prompt=login");
            new LoginPage(browser).signIn("erin", "erin-password");
            browser.element(By.id("otp")).sendKeys(Totp.now(OTP_SECRET));
            browser.element(By.id("kc-login")).click();

            browser.element(By.id("zt-role"));
            browser.screenshot("elevation-activate");
            browser.element(By.id("zt-duration")).clear();
            browser.element(By.id("zt-duration")).sendKeys("30");
            browser.element(By.id("zt-justification")).sendKeys("INC-1234: restart the payment service");
            browser.element(By.id("zt-elevate-submit")).click();

            AppPage page = new AppPage(browser);
            assertThat(page.isShown()).as(browser.pageSource()).isTrue();
            JsonNode tokens = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "authorization_code",
                    "code", page.code(), "redirect_uri", app.callback(), "client_id", "test-app",
                    "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
            JsonNode access = Oidc.claims(tokens.path("access_token").asText());
            assertThat(realmRoles(tokens.path("access_token").asText())).contains("ops-admin");
            JsonNode elevation = access.path("zt_elevations").get(0);
            assertThat(elevation.path("role").asText()).isEqualTo("realm:ops-admin");
            long end = elevation.path("ends_at").asLong();
            assertThat(end).isBetween(Instant.now().plus(Duration.ofMinutes(29)).getEpochSecond(),
                    Instant.now().plus(Duration.ofMinutes(31)).getEpochSecond());
            assertThat(access.path("exp").asLong()).isLessThanOrEqualTo(end);

            JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                    e -> "activate".equals(e.path("details").path("zt_action").asText()));
            assertThat(Events.detail(event, "zt_role")).isEqualTo("realm:ops-admin");
            assertThat(Events.detail(event, "zt_justification")).isEqualTo("INC-1234: restart the payment service");
            assertThat(smtp.await(m -> m.data().contains("Role active: realm:ops-admin")).recipients())
                    .containsExactly("erin@example.test");
        }
    }

    @Test
    @Order(2)
    void withoutAFreshSecondFactorTheActivationIsRefused() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback())
                    + "&kc_action=zt-elevate&prompt=login");
            new LoginPage(browser).signIn("erin", "erin-password");
            browser.element(By.id("zt-role"));
            // ops-admin is already active from the first test; ask for it again: either way nothing is granted.
            browser.element(By.id("zt-justification")).sendKeys("again");
            browser.element(By.id("zt-elevate-submit")).click();
            // The answer is a new page: wait for it, so the form checked is the answer's, not the one just sent.
            browser.waitUntil(b -> b.pageSource().contains("The role was not activated: step-up-required"));
            assertThat(browser.element(By.id("zt-elevate-form")).isDisplayed()).isTrue();
            assertThat(browser.pageSource()).contains("The role was not activated: step-up-required");
        }
    }

    @Test
    @Order(3)
    void aRequestNeedsTwoOtherApproversAndNobodyApprovesTheirOwn() {
        String finn = userToken("finn");
        HttpResult asked = activate(finn, "realm:db-admin", 60, "migrate the customer database");
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        String requestId = asked.json().path("request").path("id").asText();
        smtp.await(m -> m.data().contains("Approval needed: realm:db-admin") && m.recipients().contains("ana@example.test"));

        HttpResult self = call("POST", "requests/" + requestId + "/approve", finn, Map.of("comment", "me"));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().path("error").asText()).isEqualTo("self-approval");

        HttpResult stranger = call("POST", "requests/" + requestId + "/approve", userToken("cy"), Map.of());
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.json().path("error").asText()).isEqualTo("not-an-approver");

        String ana = steppedUpToken("ana", ANA_OTP);
        HttpResult first = call("POST", "requests/" + requestId + "/approve", ana, Map.of("comment", "ok"));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("request").path("state").asText()).isEqualTo("PENDING");
        assertThat(realmRoles(userToken("finn"))).doesNotContain("db-admin");

        HttpResult twice = call("POST", "requests/" + requestId + "/approve", ana, Map.of());
        assertThat(twice.json().path("error").asText()).isEqualTo("already-approved");

        // The second approver uses the approvals page in the browser.
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&acr_values=mfa");
            new LoginPage(browser).signIn("bo", "bo-password");
            browser.element(By.id("otp")).sendKeys(Totp.now(BO_OTP));
            browser.element(By.id("kc-login")).click();
            assertThat(new AppPage(browser).isShown()).isTrue();
            browser.open(server.baseUrl() + "/realms/" + REALM + "/zero-trust/approvals");
            browser.screenshot("elevation-approvals");
            assertThat(browser.has(By.cssSelector("section[data-request='" + requestId + "']"))).as(browser.pageSource()).isTrue();
            browser.element(By.cssSelector("section[data-request='" + requestId + "'] button[value='approve']")).click();
            try {
                browser.waitUntil(b -> b.currentUrl().contains("done="));
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError(browser.currentUrl() + "\n" + browser.pageSource(), e);
            }
            assertThat(browser.has(By.id("zt-result"))).as(browser.pageSource()).isTrue();
            assertThat(browser.element(By.id("zt-result")).getText()).startsWith("Approved");
        }
        List<String> roles = realmRoles(userToken("finn"));
        assertThat(roles).contains("db-admin");
        smtp.await(m -> m.data().contains("Approved: realm:db-admin") && m.recipients().contains("finn@example.test"));
        JsonNode granted = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "activate".equals(e.path("details").path("zt_action").asText())
                        && "realm:db-admin".equals(e.path("details").path("zt_role").asText()));
        assertThat(Events.detail(granted, "zt_approvers")).contains(userId("ana")).contains(userId("bo"));
    }

    @Test
    @Order(4)
    void theApprovalPageRefusesAFormFromAnotherSite() {
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()));
            new LoginPage(browser).signIn("ana", "ana-password");
            assertThat(new AppPage(browser).isShown()).isTrue();
            String approvals = server.baseUrl() + "/realms/" + REALM + "/zero-trust/approvals";
            // A page of another site (the app's origin) posts a form to the approvals page in ana's browser.
            browser.open(app.callback() + "?code=none");
            browser.script("const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];"
                    + "for (const [k, v] of [['request', arguments[1]], ['decision', 'approve'], ['csrf', 'guessed']]) {"
                    + "  const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }"
                    + "document.body.appendChild(f); f.submit();", approvals, UUID.randomUUID().toString());
            browser.waitUntil(b -> b.currentUrl().startsWith(approvals));
            assertThat(browser.element(By.id("zt-forbidden")).getText()).contains("Nothing was changed");
        }
    }

    @Test
    @Order(5)
    void badInputIsRefusedWithAClearErrorAndChangesNothing() {
        String pat = userToken("pat");
        HttpResult notMine = activate(pat, "realm:ops-admin", 10, "not mine");
        assertThat(notMine.status()).isEqualTo(403);
        assertThat(notMine.json().path("error").asText()).isEqualTo("not-eligible");
        assertThat(notMine.json().path("error_description").asText()).isEqualTo("You are not eligible for this role.");
        assertThat(activate(pat, "realm:no-such-role", 10, "x").json().path("error").asText()).isEqualTo("not-eligible");
        assertThat(activate(pat, "realm:auditor", -5, "x").json().path("error").asText()).isEqualTo("duration-not-positive");
        assertThat(activate(pat, "realm:auditor", 31, "x").json().path("error").asText()).isEqualTo("duration-too-long");
        assertThat(activate(pat, "realm:auditor", Long.MAX_VALUE, "x").json().path("error").asText()).isEqualTo("duration-too-long");
        assertThat(activate(pat, "realm:auditor", 10, "x".repeat(501)).json().path("error").asText()).isEqualTo("justification-too-long");
        HttpResult oversized = activate(pat, "realm:auditor", 10, "x".repeat(9000));
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.json().path("error").asText()).isEqualTo("body-too-large");
        HttpResult notJson = Http.sendAs("POST", server.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                "role=realm:auditor&durationMinutes=10", "application/x-www-form-urlencoded", Map.of("Authorization", "Bearer " + pat));
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.json().path("error").asText()).isEqualTo("unsupported-media-type");
        assertThat(activate(pat, "not a role", 10, "x").json().path("error").asText()).isEqualTo("malformed-role");
        assertThat(call("POST", "activate", pat, "{\"role\": ").json().path("error").asText()).isEqualTo("invalid-json");
        assertThat(call("POST", "requests/..%2F..%2Fadmin/approve", pat, Map.of()).status()).isIn(400, 404);
        assertThat(call("POST", "requests/1%27%20OR%20%271%27%3D%271/approve", pat, Map.of()).json().path("error").asText())
                .isEqualTo("malformed-id");
        assertThat(call("POST", "requests/" + UUID.randomUUID() + "/approve", pat, Map.of()).json().path("error").asText())
                .isEqualTo("not-pending");
        assertThat(activate(userToken("rue"), "realm:later-role", 10, "x").json().path("error").asText())
                .isEqualTo("eligibility-ended");
        HttpResult forged = call("GET", "elevations", "forged." + pat.substring(pat.indexOf('.') + 1), null);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.json().path("error").asText()).isEqualTo("bearer-token-required");

        HttpResult adminCall = Http.sendJson("GET", server.baseUrl() + "/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities",
                null, Map.of("Authorization", "Bearer " + pat));
        assertThat(adminCall.status()).isEqualTo(403);
        assertThat(realmRoles(userToken("pat"))).doesNotContain("auditor", "ops-admin");
    }

    @Test
    @Order(6)
    void twoParallelActivationsYieldOneElevation() throws Exception {
        String pat = userToken("pat");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> both = List.of(() -> activate(pat, "realm:auditor", 10, "parallel").status(),
                    () -> activate(pat, "realm:auditor", 10, "parallel").status());
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(both)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdownNow();
        }
        JsonNode mine = call("GET", "elevations", pat, null).expect(200).json();
        long active = 0;
        for (JsonNode e : mine) {
            if ("ACTIVE".equals(e.path("status").asText())) {
                active++;
            }
        }
        assertThat(active).isEqualTo(1);
    }

    @Test
    @Order(7)
    void aUserEndsAnElevationEarlyAndTheNextTokenHasNoRole() {
        String pat = userToken("pat");
        JsonNode mine = call("GET", "elevations", pat, null).expect(200).json();
        String id = null;
        for (JsonNode e : mine) {
            if ("ACTIVE".equals(e.path("status").asText())) {
                id = e.path("id").asText();
            }
        }
        assertThat(realmRoles(userToken("pat"))).contains("auditor");
        assertThat(call("POST", "elevations/" + id + "/deactivate", userToken("finn"), null).status())
                .as("someone else's elevation").isEqualTo(409);

        HttpResult ended = call("POST", "elevations/" + id + "/deactivate", pat, null);

        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().path("elevation").path("status").asText()).isEqualTo("DEACTIVATED");
        assertThat(realmRoles(userToken("pat"))).doesNotContain("auditor");
    }

    @Test
    @Order(8)
    void anElevationIsExtendedWithinItsEligibility() {
        String pat = userToken("pat");
        HttpResult granted = activate(pat, "realm:auditor", 10, "quarterly review");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String id = granted.json().path("elevation").path("id").asText();
        Instant firstEnd = Instant.parse(granted.json().path("elevation").path("end").asText());

        HttpResult tooLong = call("POST", "elevations/" + id + "/extend", pat, Map.of("durationMinutes", 31, "justification", "more"));
        assertThat(tooLong.json().path("error").asText()).isEqualTo("duration-too-long");
        HttpResult extended = call("POST", "elevations/" + id + "/extend", pat, Map.of("durationMinutes", 30, "justification", "more"));

        assertThat(extended.status()).as(extended.body()).isEqualTo(201);
        Instant newEnd = Instant.parse(extended.json().path("elevation").path("end").asText());
        assertThat(newEnd).isAfter(firstEnd).isBefore(Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(extended.json().path("elevation").path("id").asText()).as("the same elevation, longer").isEqualTo(id);
        assertThat(call("POST", "elevations/" + id + "/deactivate", pat, null).status()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void aPrivilegedRoleGivenOutsideJitRaisesAnAlertAndShowsInTheStandingAccessReport() {
        JsonNode role = admin.get("/admin/realms/" + REALM + "/roles/ops-admin").expect(200).json();
        admin.post("/admin/realms/" + REALM + "/users/" + userId("bo") + "/role-mappings/realm", List.of(role)).expect(204);

        JsonNode alert = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION",
                e -> "standing-access".equals(e.path("details").path("zt_action").asText()));
        assertThat(alert.path("userId").asText()).isEqualTo(userId("bo"));
        assertThat(Events.detail(alert, "zt_role")).isEqualTo("realm:ops-admin");
        assertThat(smtp.await(m -> m.data().contains("Standing privileged access: realm:ops-admin")).recipients())
                .containsExactly("security@example.test");
        JsonNode report = admin.get("/admin/realms/" + REALM + "/zero-trust/elevation/standing").expect(200).json();
        List<String> holders = new ArrayList<>();
        report.forEach(r -> holders.add(r.path("username").asText() + " " + r.path("role").asText()));
        assertThat(holders).contains("bo realm:ops-admin").doesNotContain("erin realm:ops-admin");
    }

    @Test
    @Order(10)
    void anElevationEndsOnTimeEvenAcrossARestart() throws Exception {
        Instant end = Instant.now().plusSeconds(75).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        eligibility(Map.of("user", "cy", "role", "realm:restart-role", "stepUp", "none", "endsAt", end.toString()));
        String cy = userToken("cy");
        HttpResult granted = activate(cy, "realm:restart-role", 60, "a short job");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(Instant.parse(granted.json().path("elevation").path("end").asText())).isEqualTo(end);
        JsonNode refreshable = Oidc.passwordGrant(server, REALM, "test-app", "cy", "cy-password", "192.0.2.10").expect(200).json();
        assertThat(realmRoles(refreshable.path("access_token").asText())).contains("restart-role");
        assertThat(Oidc.claims(refreshable.path("access_token").asText()).path("exp").asLong()).isLessThanOrEqualTo(end.getEpochSecond());

        server.restart();
        // A server that is down cannot end anything: "on time" counts from its end or from when the server is back.
        Instant due = Instant.now().isAfter(end) ? Instant.now() : end;

        while (Instant.now().isBefore(end)) {
            Thread.sleep(500);
        }
        Instant removedBy = null;
        while (removedBy == null && Instant.now().isBefore(due.plusSeconds(30))) {
            JsonNode elevations = admin.get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?user=cy").expect(200).json();
            if (elevations.size() > 0 && "EXPIRED".equals(elevations.get(0).path("status").asText())) {
                removedBy = Instant.now();
            } else {
                Thread.sleep(250);
            }
        }
        assertThat(removedBy).as("expired within 30 s of its end after a restart").isNotNull();
        assertThat(Duration.between(due, removedBy)).isLessThan(Duration.ofSeconds(10));
        JsonNode refreshed = Http.postForm(Oidc.tokenUrl(server, REALM), Map.of("grant_type", "refresh_token",
                "refresh_token", refreshable.path("refresh_token").asText(), "client_id", "test-app",
                "client_secret", RealmBuilder.CLIENT_SECRET), Map.of()).expect(200).json();
        assertThat(realmRoles(refreshed.path("access_token").asText())).doesNotContain("restart-role");
        smtp.await(m -> m.data().contains("Role ended: realm:restart-role"));
    }
}
