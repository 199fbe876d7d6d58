package io.github.zerotrust.keycloak.it.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.SmtpSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Four eyes that cannot be faked: an approval needs the approver's own, fresh, unrestricted session and an app of
 * the realm's list, the approvers are those of the moment of the request, what a requester typed stays text, and a
 * user can neither flood approvers with requests nor stretch an elevation without end.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElevationApprovalIT {

    static final String REALM = "it-elevation-approval";
    static final String FLOW = "approval browser";
    static final String MARKUP = "<a href=\"https://evil.example/approve\">Approve here</a><img src=\"https://evil.example/pixel.gif\">";

    ElevationApi api;
    AdminApi admin;
    AppServer app;
    SmtpSink smtp;

    static String otp(String user) {
        return user + "-otp-secret-for-approvals";
    }

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.admin = admin;
        this.api = new ElevationApi(server, admin, REALM);
        this.app = AppServer.start();
        this.smtp = new SmtpSink();
        admin.deleteRealm(REALM);
        RealmBuilder realm = RealmBuilder.realm(REALM)
                .attribute("acr.loa.map", "{\"pwd\":1,\"mfa\":2}")
                .attribute("zt.elevation.allowed-clients", "test-app, unmanaged-app")
                .attribute("zt.elevation.max-approvers-mailed", "2")
                .smtp("127.0.0.1", smtp.port());
        for (String user : List.of("ana", "bo", "cy", "dee", "late")) {
            realm.userWithOtp(user, user + "-password", otp(user));
        }
        for (String user : List.of("finn", "gail", "hank", "iris", "jack", "ivan", "pete", "xena")) {
            realm.user(user, user + "-password");
        }
        admin.createRealm(realm.group("approvers", "ana", "bo", "cy", "dee")
                .client("test-app", List.of(app.callback()))
                .client("other-app", List.of(app.callback()))
                .client("unmanaged-app", List.of(app.callback()))
                .browserFlow(ElevationApi.levelsFlow(FLOW))
                // Every sign-in through unmanaged-app comes from a device nobody knows: its session is restricted.
                .flow(Flow.topLevel("unmanaged devices").required(Flow.standardSignIn("unmanaged devices"))
                        .required("zt-device-posture", "unknown-device", Map.of("sources", "signed-token"))
                        .required("zt-restrict-unmanaged", "restrict-all", Map.of("minimum", "managed")))
                .build());
        String flowId = null;
        for (JsonNode flow : admin.get("/admin/realms/" + REALM + "/authentication/flows").expect(200).json()) {
            if ("unmanaged devices".equals(flow.path("alias").asText())) {
                flowId = flow.path("id").asText();
            }
        }
        JsonNode client = admin.get("/admin/realms/" + REALM + "/clients?clientId=unmanaged-app").expect(200).json().get(0);
        ((ObjectNode) client).putObject("authenticationFlowBindingOverrides").put("browser", flowId);
        admin.put("/admin/realms/" + REALM + "/clients/" + client.path("id").asText(), client).expect(204);
        for (String role : List.of("db-ops", "fin-ops", "rest-ops", "late-ops", "aud-ops", "markup-ops", "p1", "p2", "p3", "p4", "x-ops")) {
            api.role(role);
        }
        api.adminRole("ivan", "impersonation");
        for (String[] e : new String[][] {{"ivan", "db-ops"}, {"finn", "fin-ops"}, {"gail", "rest-ops"}, {"hank", "late-ops"},
                {"iris", "aud-ops"}, {"jack", "markup-ops"}, {"pete", "p1"}, {"pete", "p2"}, {"pete", "p3"}, {"pete", "p4"}}) {
            api.eligibility(Map.of("user", e[0], "role", "realm:" + e[1], "stepUp", "none", "approvalsRequired", 1,
                    "approverGroup", "approvers"));
        }
        api.eligibility(Map.of("user", "xena", "role", "realm:x-ops", "stepUp", "none", "maxDurationMinutes", 30));
    }

    @AfterAll
    void cleanUp() {
        app.close();
        smtp.close();
        admin.deleteRealm(REALM);
    }

    String request(String user, String role, String justification) {
        HttpResult asked = api.activate(api.passwordToken("test-app", user), "realm:" + role, 30, justification);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        return asked.json().path("request").path("id").asText();
    }

    /** An approver's token that shows a fresh second factor. */
    String freshToken(Browser browser, String client, String approver) {
        return api.browserTokens(browser, app, client, approver, otp(approver), "mfa").path("access_token").asText();
    }

    HttpResult approveOverRest(String token, String requestId) {
        return api.call("POST", "requests/" + requestId + "/approve", token, Map.of("comment", "ok"));
    }

    /** Approves on the approvals page in the browser's session; the result the page reports. */
    String approveOnPage(Browser browser, String requestId) {
        browser.open(api.server.baseUrl() + "/realms/" + REALM + "/zero-trust/approvals");
        browser.element(By.cssSelector("section[data-request='" + requestId + "'] button[value='approve']")).click();
        browser.waitUntil(b -> b.currentUrl().contains("done="));
        return browser.element(By.id("zt-result")).getAttribute("data-zt-result");
    }

    int approvalsOf(String requestId) {
        JsonNode pending = api.pendingRequest(requestId);
        assertThat(pending).as("still pending").isNotNull();
        return pending.path("approvals").size();
    }

    @Test
    void anImpersonatingAdminCannotApprove() {
        String requestId = request("ivan", "db-ops", "rebuild the index");
        String ivanToken = api.passwordToken("test-app", "ivan");
        assertThat(approveOverRest(ivanToken, requestId).json().path("error").asText()).isEqualTo("self-approval");

        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10").open(api.server.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
            Object status = browser.script("return fetch(arguments[0], {method: 'POST', credentials: 'include',"
                    + " headers: {'Authorization': 'Bearer ' + arguments[1]}}).then(r => r.status);",
                    api.server.baseUrl() + "/admin/realms/" + REALM + "/users/" + api.userId("ana") + "/impersonation", ivanToken);
            assertThat(status).as("ivan may impersonate").isEqualTo(200L);

            assertThat(approveOnPage(browser, requestId)).isEqualTo("impersonated");
            HttpResult overRest = approveOverRest(api.ssoTokens(browser, app, "test-app").path("access_token").asText(), requestId);
            assertThat(overRest.status()).isEqualTo(403);
            assertThat(overRest.json().path("error").asText()).isEqualTo("impersonated");
        }
        assertThat(approvalsOf(requestId)).isZero();
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "ivan"))).doesNotContain("db-ops");
        JsonNode event = Events.await(admin, REALM, "CUSTOM_REQUIRED_ACTION_ERROR", e -> "impersonated".equals(e.path("error").asText())
                && requestId.equals(Events.detail(e, "zt_request")));
        assertThat(Events.detail(event, "zt_impersonator")).isEqualTo(api.userId("ivan"));
    }

    @Test
    void anApproverWithoutAFreshSecondFactorCannotApprove() {
        String requestId = request("finn", "fin-ops", "close the books");
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            String passwordOnly = api.browserTokens(browser, app, "test-app", "bo", null, null).path("access_token").asText();

            HttpResult overRest = approveOverRest(passwordOnly, requestId);
            assertThat(overRest.status()).isEqualTo(403);
            assertThat(overRest.json().path("error").asText()).isEqualTo("step-up-required");
            assertThat(approveOnPage(browser, requestId)).isEqualTo("step-up-required");
            assertThat(approvalsOf(requestId)).isZero();

            freshToken(browser, "test-app", "bo");
            assertThat(approveOnPage(browser, requestId)).isEqualTo("approved");
        }
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "finn"))).contains("fin-ops");
    }

    @Test
    void aRestrictedSessionCannotApprove() {
        String requestId = request("gail", "rest-ops", "patch the firewall");
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            browser.open(api.authUrl("unmanaged-app", app.callback()) + "&prompt=login");
            new io.github.zerotrust.keycloak.it.support.LoginPage(browser).signIn("dee", "dee-password");
            String restricted = api.exchange(new io.github.zerotrust.keycloak.it.support.AppPage(browser).code(),
                    "unmanaged-app", app).path("access_token").asText();

            HttpResult overRest = approveOverRest(restricted, requestId);

            assertThat(overRest.status()).as(overRest.body()).isEqualTo(403);
            assertThat(overRest.json().path("error").asText()).isEqualTo("restricted-session");
        }
        assertThat(approvalsOf(requestId)).isZero();
        assertThat(ElevationApi.realmRoles(api.passwordToken("test-app", "gail"))).doesNotContain("rest-ops");
    }

    JsonNode storedEligibility(String id) {
        for (JsonNode e : api.eligibilities()) {
            if (id.equals(e.path("id").asText())) {
                return e;
            }
        }
        throw new AssertionError("no eligibility " + id);
    }

    @Test
    void anApproverGroupIsTakenAwayOnlyWhereNoApprovalIsNeededAndARefusedChangeKeepsIt() {
        api.role("ag-ops");
        String id = api.eligibility(Map.of("user", "jack", "role", "realm:ag-ops", "stepUp", "none", "approvalsRequired", 1,
                "approverGroup", "approvers"));
        String path = "/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities/" + id;
        String approvers = storedEligibility(id).path("approverGroup").asText();
        assertThat(approvers).isNotEmpty();
        Map<String, Object> noGroup = new HashMap<>();
        noGroup.put("approverGroup", null);

        HttpResult refused = admin.put(path, noGroup);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).isEqualTo("invalid-eligibility");
        assertThat(refused.json().path("error_description").asText()).contains("approverGroup: required when approvals are");
        assertThat(storedEligibility(id).path("approverGroup").asText()).as("the refused change kept the group").isEqualTo(approvers);

        HttpResult empty = admin.put(path, Map.of("approvalsRequired", 0, "approverGroup", ""));
        assertThat(empty.status()).as("empty is no group name: %s", empty.body()).isEqualTo(400);
        assertThat(empty.json().path("error_description").asText()).contains("approverGroup: empty");
        assertThat(storedEligibility(id).path("approvalsRequired").asInt()).as("nothing changed").isEqualTo(1);

        noGroup.put("approvalsRequired", 0);
        JsonNode cleared = admin.put(path, noGroup).expect(200).json();
        assertThat(cleared.has("approverGroup")).as(cleared.toString()).isFalse();
        JsonNode stored = storedEligibility(id);
        assertThat(stored.has("approverGroup")).as(stored.toString()).isFalse();
        assertThat(stored.path("approvalsRequired").asInt()).isZero();

        noGroup.put("approvalsRequired", 1);
        assertThat(admin.put(path, noGroup).status()).as("approvals again, without a group").isEqualTo(400);
        assertThat(storedEligibility(id).path("approvalsRequired").asInt()).as("nothing changed").isZero();
        admin.delete(path).expect(204);
    }

    @Test
    void anApproverAddedToTheGroupAfterTheRequestCannotApprove() {
        String requestId = request("hank", "late-ops", "restore the backup");
        String groupId = admin.get("/admin/realms/" + REALM + "/groups?search=approvers").expect(200).json().get(0).path("id").asText();
        admin.put("/admin/realms/" + REALM + "/users/" + api.userId("late") + "/groups/" + groupId, Map.of()).expect(204);
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            HttpResult late = approveOverRest(freshToken(browser, "test-app", "late"), requestId);

            assertThat(late.status()).as(late.body()).isEqualTo(403);
            assertThat(late.json().path("error").asText()).isEqualTo("not-an-approver");
        } finally {
            admin.delete("/admin/realms/" + REALM + "/users/" + api.userId("late") + "/groups/" + groupId).expect(204);
        }
        assertThat(approvalsOf(requestId)).isZero();
    }

    @Test
    void aTokenOfAnAppOutsideTheElevationAudienceCannotApprove() {
        String requestId = request("iris", "aud-ops", "rotate keys");
        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            HttpResult other = approveOverRest(freshToken(browser, "other-app", "cy"), requestId);

            assertThat(other.status()).isEqualTo(403);
            assertThat(other.json().path("error").asText()).isEqualTo("client-not-allowed");
        }
        assertThat(approvalsOf(requestId)).isZero();
    }

    /**
     * The HTML part of a mail as a reader's mail program decodes it (quoted-printable soft breaks and {@code =3D}).
     * The plain-text part may hold the markup as typed: no mail program renders it.
     */
    static String htmlPart(String data) {
        String decoded = data.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
        int html = decoded.indexOf("Content-Type: text/html");
        assertThat(html).as("the mail has an HTML part").isNotNegative();
        return decoded.substring(html);
    }

    @Test
    void aJustificationWithMarkupArrivesAsTextInTheApproversMailAndOnTheApprovalsPage() {
        String requestId = request("jack", "markup-ops", MARKUP);

        SmtpSink.Mail mail = smtp.await(m -> m.data().contains("Approval needed: realm:markup-ops"));
        String html = htmlPart(mail.data());
        assertThat(html).as("no live link, no tracking image").doesNotContain("<a href=\"https://evil.example")
                .doesNotContain("<img src=\"https://evil.example");
        assertThat(html).contains("&lt;a href=");

        try (Browser browser = Browser.start()) {
            browser.from("192.0.2.10");
            freshToken(browser, "test-app", "cy");
            browser.open(api.server.baseUrl() + "/realms/" + REALM + "/zero-trust/approvals");
            By section = By.cssSelector("section[data-request='" + requestId + "']");
            assertThat(browser.element(section).getText()).contains("<a href=\"https://evil.example/approve\">");
            assertThat(browser.has(By.cssSelector("section[data-request='" + requestId + "'] a"))).isFalse();
            assertThat(browser.has(By.cssSelector("section[data-request='" + requestId + "'] img"))).isFalse();
        }
    }

    @Test
    void aUserCannotFloodApproversWithRequests() {
        String first = request("pete", "p1", "one");
        request("pete", "p2", "two");
        request("pete", "p3", "three");

        HttpResult again = api.activate(api.passwordToken("test-app", "pete"), "realm:p1", 30, "one, again");
        HttpResult fourth = api.activate(api.passwordToken("test-app", "pete"), "realm:p4", 30, "four");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).isEqualTo("already-pending");
        assertThat(fourth.status()).isEqualTo(409);
        assertThat(fourth.json().path("error").asText()).isEqualTo("too-many-pending");
        assertThat(api.call("GET", "requests", api.passwordToken("test-app", "pete"), null).json()).hasSize(3);
        assertThat(first).isNotBlank();
        // p3's mails came after p1's, so p1's are all in: two approvers told of each request, not the whole group.
        smtp.await(m -> m.data().contains("Approval needed: realm:p3"));
        assertThat(smtp.mails().stream().filter(m -> m.data().contains("Approval needed: realm:p1"))).hasSize(2);
    }

    @Test
    void anElevationCannotBeExtendedWithoutEnd() {
        String token = api.passwordToken("test-app", "xena");
        HttpResult granted = api.activate(token, "realm:x-ops", 10, "a long night");
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        String id = granted.json().path("elevation").path("id").asText();
        String end = null;
        for (int i = 0; i < 3; i++) {
            HttpResult extended = api.call("POST", "elevations/" + id + "/extend", token,
                    Map.of("durationMinutes", 30, "justification", "still at it"));
            assertThat(extended.status()).as(extended.body()).isEqualTo(201);
            end = extended.json().path("elevation").path("end").asText();
        }

        HttpResult fourth = api.call("POST", "elevations/" + id + "/extend", token,
                Map.of("durationMinutes", 30, "justification", "one more time"));

        assertThat(fourth.status()).as(fourth.body()).isEqualTo(409);
        assertThat(fourth.json().path("error").asText()).isEqualTo("extension-limit");
        assertThat(api.elevationsOf("xena").get(0).path("end").asText()).as("the end did not move").isEqualTo(end);
        assertThat(Oidc.claims(token).path("sub").asText()).isEqualTo(api.userId("xena"));
    }
}
