package io.github.zerotrust.keycloak.it.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.signals.Accounts.Tokens;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.Totp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Critical events end sessions at once, not at their next expiry: an account disabled, a password reset or changed,
 * a credential removed, a factor registered on a privileged account. Keycloak's own events drive it, also in a
 * realm that saves none of them; an admin may turn a trigger off, and the event then says so.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContinuousAccessIT {

    static final String REALM = "it-signals-cae";
    static final String QUIET = "it-signals-quiet";
    static final String OFF = "it-signals-off";
    static final String PAUL_OTP = "JBSWY3DPEHPK3PXP";

    KeycloakServer server;
    AdminApi admin;
    AppServer app;
    Accounts accounts;

    @BeforeAll
    void createRealms(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        this.app = AppServer.start();
        this.accounts = new Accounts(server, admin, REALM);
        for (String realm : List.of(REALM, QUIET, OFF)) {
            admin.deleteRealm(realm);
        }
        ObjectNode realm = RealmBuilder.realm(REALM)
                .attribute("zt.elevation.privileged-roles", "realm:ops-admin")
                .user("dora", "dora-password").user("erik", "erik-password").user("fay", "fay-password")
                .user("gil", "gil-password").user("priya", "priya-password").user("plain", "plain-password")
                .user("hana", "hana-password").user("ivo", "ivo-password")
                .userWithOtp("paul", "paul-password", PAUL_OTP)
                .client("test-app", List.of(app.callback()))
                .build();
        realm.putObject("roles").putArray("realm").addObject().put("name", "ops-admin");
        for (String user : List.of("dora", "erik", "fay", "gil", "priya", "plain", "paul", "hana", "ivo")) {
            Accounts.grant(realm, user, "offline_access");
        }
        Accounts.grant(realm, "priya", "ops-admin");
        admin.createRealm(realm);

        // Keycloak's defaults: no events saved, no admin events saved. The listener hears them all the same.
        ObjectNode quiet = RealmBuilder.realm(QUIET).user("quinn", "quinn-password").client("test-app", List.of(app.callback()))
                .build();
        quiet.put("eventsEnabled", false).put("adminEventsEnabled", false).put("adminEventsDetailsEnabled", false);
        admin.createRealm(quiet);

        admin.createRealm(RealmBuilder.realm(OFF).attribute("zt.signals.off", "password-changed")
                .user("otto", "otto-password").client("test-app", List.of(app.callback())).build());
    }

    @AfterAll
    void cleanUp() {
        app.close();
        for (String realm : List.of(REALM, QUIET, OFF)) {
            admin.deleteRealm(realm);
        }
    }

    static void assertRefused(HttpResult refresh) {
        assertThat(refresh.status()).as(refresh.toString()).isEqualTo(400);
        assertThat(refresh.json().path("error").asText()).isEqualTo("invalid_grant");
    }

    JsonNode signalEvent(String realm, String trigger, String userId) {
        return Events.await(admin, realm, "CUSTOM_REQUIRED_ACTION",
                e -> trigger.equals(Events.detail(e, "zt_signal")) && userId.equals(e.path("userId").asText()));
    }

    @Test
    void disablingAUserEndsHisSessionsAndOfflineTokensAndARefreshFailsAtOnce() {
        Tokens laptop = accounts.signIn("dora");
        Tokens phone = accounts.signIn("dora");
        Tokens offline = accounts.signIn("test-app", "dora", null, true);
        Tokens bystander = accounts.signIn("erik");

        accounts.setEnabled("dora", false);

        assertThat(accounts.sessions("dora")).isEmpty();
        assertThat(accounts.offlineSessions("dora", "test-app")).isEmpty();
        assertRefused(accounts.refresh(laptop));
        assertRefused(accounts.refresh(phone));
        assertRefused(accounts.refresh(offline));
        // Enabled again, the account is not its old sessions again: they are gone, not just paused.
        accounts.setEnabled("dora", true);
        assertRefused(accounts.refresh(laptop));
        assertRefused(accounts.refresh(offline));
        // A signal about dora is about dora only.
        assertThat(accounts.refresh(bystander).status()).isEqualTo(200);

        JsonNode event = signalEvent(REALM, "user-disabled", accounts.userId("dora"));
        assertThat(Events.detail(event, "zt_signal_source")).isEqualTo("keycloak");
        assertThat(Events.detail(event, "zt_signal_subject")).isEqualTo("user");
        assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("2");
        assertThat(Events.detail(event, "zt_offline_sessions_ended")).isEqualTo("1");
        assertThat(Events.detail(event, "zt_tokens_revoked")).isEqualTo("true");
        assertThat(Events.detail(event, "zt_signal_outcome")).isEqualTo("applied");
        assertThat(Events.detail(event, "zt_keycloak_event")).isEqualTo("admin:UPDATE:USER");
    }

    @Test
    void disablingAUserEndsHisSessionsInARealmThatSavesNoEvents() {
        Accounts quiet = new Accounts(server, admin, QUIET);
        Tokens tokens = quiet.signIn("quinn");
        assertThat(quiet.sessions("quinn")).hasSize(1);

        quiet.setEnabled("quinn", false);

        assertThat(quiet.sessions("quinn")).isEmpty();
        quiet.setEnabled("quinn", true);
        assertRefused(quiet.refresh(tokens));
    }

    @Test
    void anAdminPasswordResetEndsEverySession() {
        Tokens laptop = accounts.signIn("fay");
        Tokens offline = accounts.signIn("test-app", "fay", null, true);

        admin.put(accounts.path("/users/" + accounts.userId("fay") + "/reset-password"),
                Map.of("type", "password", "value", "fay-new-password-1", "temporary", false)).expect(204);

        assertThat(accounts.sessions("fay")).isEmpty();
        assertThat(accounts.offlineSessions("fay", "test-app")).isEmpty();
        assertRefused(accounts.refresh(laptop));
        assertRefused(accounts.refresh(offline));
        JsonNode event = signalEvent(REALM, "password-changed", accounts.userId("fay"));
        assertThat(Events.detail(event, "zt_signal_subject")).isEqualTo("user");
        assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("1");
        assertThat(Events.detail(event, "zt_offline_sessions_ended")).isEqualTo("1");
        assertThat(Events.detail(event, "zt_keycloak_event")).isEqualTo("admin:ACTION:USER");
    }

    @Test
    void aUsersOwnPasswordChangeKeepsThatSessionAndEndsTheOthers() {
        Tokens elsewhere = accounts.signIn("gil");
        try (Browser browser = Browser.start()) {
            browser.from(Accounts.FROM).open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()));
            new LoginPage(browser).signIn("gil", "gil-password");
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
            List<String> before = accounts.sessions("gil");
            assertThat(before).hasSize(2);

            browser.open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()) + "&kc_action=UPDATE_PASSWORD");
            browser.element(By.id("password-new")).sendKeys("gil-new-password-1");
            browser.element(By.id("password-confirm")).sendKeys("gil-new-password-1");
            keepOtherSessionsInKeycloaksOwnForm(browser);
            browser.element(By.cssSelector("#kc-passwd-update-form [type=submit]")).click();
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();

            assertRefused(accounts.refresh(elsewhere));
            List<String> after = accounts.sessions("gil");
            assertThat(after).hasSize(1).doesNotContain(elsewhere.session());
            JsonNode event = signalEvent(REALM, "password-changed", accounts.userId("gil"));
            assertThat(Events.detail(event, "zt_signal_subject")).isEqualTo("session");
            assertThat(event.path("sessionId").asText()).isEqualTo(after.get(0));
            // Keycloak's own "sign out other devices" was left unticked: the signal ended the other session.
            assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("1");
        }
    }

    @Test
    void anAdminSignOutEndsTheOfflineSessionsToo() {
        Tokens online = accounts.signIn("hana");
        Tokens offline = accounts.signIn("test-app", "hana", null, true);

        admin.post(accounts.path("/users/" + accounts.userId("hana") + "/logout"), null).expect(204);

        assertThat(accounts.sessions("hana")).isEmpty();
        // Keycloak's own sign-out leaves the offline sessions listed; the signal ends them.
        assertThat(accounts.offlineSessions("hana", "test-app")).isEmpty();
        assertRefused(accounts.refresh(online));
        assertRefused(accounts.refresh(offline));
        JsonNode event = signalEvent(REALM, "sign-out-everywhere", accounts.userId("hana"));
        assertThat(Events.detail(event, "zt_offline_sessions_ended")).isEqualTo("1");
        assertThat(Events.detail(event, "zt_keycloak_event")).isEqualTo("admin:ACTION:USER");
    }

    @Test
    void deletingAUserIsRecordedAndHisOfflineTokenIsRefused() {
        Tokens offline = accounts.signIn("test-app", "ivo", null, true);
        String ivo = accounts.userId("ivo");

        admin.delete(accounts.path("/users/" + ivo)).expect(204);

        assertRefused(accounts.refresh(offline));
        JsonNode event = signalEvent(REALM, "user-deleted", ivo);
        // Keycloak removed the account and its sessions before the event: nothing was left for the signal.
        assertThat(Events.detail(event, "zt_signal_outcome")).isEqualTo("nothing-left-to-end");
        assertThat(Events.detail(event, "zt_keycloak_event")).isEqualTo("admin:DELETE:USER");
    }

    /** Keycloak's forms offer to sign out other devices themselves: untick it, so only the signal can have done it. */
    static void keepOtherSessionsInKeycloaksOwnForm(Browser browser) {
        if (browser.has(By.id("logout-sessions"))) {
            WebElement box = browser.element(By.id("logout-sessions"));
            if (box.isSelected()) {
                box.click();
            }
        }
    }

    @Test
    void removingACredentialEndsTheSessionsAndOfflineTokensOpenedWithIt() {
        // One sign-in only: a one-time code is good once (Keycloak refuses it a second time in its period).
        Tokens offline = accounts.signIn("test-app", "paul", Totp.now(PAUL_OTP), true);
        assertThat(accounts.offlineSessions("paul", "test-app")).hasSize(1);

        admin.delete(accounts.path("/users/" + accounts.userId("paul") + "/credentials/" + accounts.credentialId("paul", "otp")))
                .expect(204);

        assertThat(accounts.credentialTypes("paul")).doesNotContain("otp");
        assertThat(accounts.sessions("paul")).isEmpty();
        assertThat(accounts.offlineSessions("paul", "test-app")).isEmpty();
        assertRefused(accounts.refresh(offline));
        JsonNode event = signalEvent(REALM, "credential-removed", accounts.userId("paul"));
        assertThat(Events.detail(event, "zt_offline_sessions_ended")).isEqualTo("1");
        assertThat(Events.detail(event, "zt_signal_outcome")).isEqualTo("applied");
    }

    @Test
    void aFactorRegisteredOnAPrivilegedAccountEndsItsOtherSessions() {
        Tokens elsewhere = accounts.signIn("priya");
        registerOtpInTheBrowser("priya");

        assertRefused(accounts.refresh(elsewhere));
        // The browser's session, in which the factor was set up, stays.
        assertThat(accounts.sessions("priya")).hasSize(1).doesNotContain(elsewhere.session());
        JsonNode event = signalEvent(REALM, "factor-registered", accounts.userId("priya"));
        assertThat(Events.detail(event, "zt_signal_subject")).isEqualTo("session");
        assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("1");
        assertThat(Events.detail(event, "zt_signal_outcome")).isEqualTo("applied");
    }

    @Test
    void aFactorRegisteredOnAPlainAccountEndsNoSessionByDefault() {
        Tokens elsewhere = accounts.signIn("plain");
        registerOtpInTheBrowser("plain");

        assertThat(accounts.refresh(elsewhere).status()).isEqualTo(200);
        assertThat(accounts.sessions("plain")).hasSize(2).contains(elsewhere.session());
        JsonNode event = signalEvent(REALM, "factor-registered", accounts.userId("plain"));
        assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("0");
        assertThat(Events.detail(event, "zt_signal_outcome")).startsWith("no-action: not a privileged account");
    }

    /** Signs {@code user} in in a browser that sets up an authenticator app on the way. */
    void registerOtpInTheBrowser(String user) {
        accounts.requireAction(user, "CONFIGURE_TOTP");
        try (Browser browser = Browser.start()) {
            browser.from(Accounts.FROM).open(Oidc.authorizationUrl(server, REALM, "test-app", app.callback()));
            new LoginPage(browser).signIn(user, user + "-password");
            browser.element(By.id("mode-manual")).click();
            String secret = browser.element(By.id("kc-totp-secret-key")).getText();
            browser.element(By.id("totp")).sendKeys(Totp.fromShownSecret(secret));
            keepOtherSessionsInKeycloaksOwnForm(browser);
            browser.element(By.id("saveTOTPBtn")).click();
            assertThat(new AppPage(browser).isShown()).as(browser.pageSource()).isTrue();
        }
        assertThat(accounts.credentialTypes(user)).contains("otp");
    }

    @Test
    void aTriggerTurnedOffLeavesTheSessionAndTheEventSaysWhy() {
        Accounts off = new Accounts(server, admin, OFF);
        Tokens tokens = off.signIn("otto");

        admin.put(off.path("/users/" + off.userId("otto") + "/reset-password"),
                Map.of("type", "password", "value", "otto-new-password-1", "temporary", false)).expect(204);

        assertThat(off.sessions("otto")).containsExactly(tokens.session());
        assertThat(off.refresh(tokens).status()).isEqualTo(200);
        JsonNode event = signalEvent(OFF, "password-changed", off.userId("otto"));
        assertThat(Events.detail(event, "zt_signal_outcome")).isEqualTo("no-action: turned off in zt.signals.off");
        assertThat(Events.detail(event, "zt_sessions_ended")).isEqualTo("0");
    }
}
