package io.github.zerotrust.keycloak.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.Http;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.Json;
import io.github.zerotrust.keycloak.it.harness.KeycloakHome;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.LoginPage;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.OwnPostgres;
import io.github.zerotrust.keycloak.it.support.TestSettings;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * PostgreSQL restarted under a node that is serving sign-ins. The database is the test's own ({@link OwnPostgres}: its own
 * folder and port), so the database the other tests share is never stopped; the node runs the cluster tests' options
 * ({@code TwoNodes.node}). While the database is down every answer says what went wrong (an OAuth error, the themed error
 * page, the suite's error shape), a write the outage cuts leaves nothing behind, and once PostgreSQL is back the node
 * serves again by itself: nobody restarts Keycloak.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT {

    static final String REALM = "it-db-outage";
    static final String FROM = "192.0.2.10";
    /** How long the node may take to serve again once PostgreSQL accepts connections; the time taken is printed. */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
    /** How long a stopped database may go unnoticed by sign-ins (each needs it: session and event rows). */
    static final Duration NOTICE_BOUND = Duration.ofSeconds(30);

    OwnPostgres postgres;
    KeycloakServer node;
    AppServer app;
    Browser browser;

    @BeforeAll
    void start(KeycloakServer shared) {
        postgres = OwnPostgres.start(TestSettings.work().resolve("postgres-outage"));
        // A home already built for PostgreSQL (the cluster's) saves a build; the fingerprint rebuilds when it differs.
        Path clusterHome = TestSettings.work().resolve("home-cluster-a");
        Path source = Files.isDirectory(clusterHome.resolve("providers")) ? clusterHome : shared.options().home();
        Path home = KeycloakHome.copyOf(source, TestSettings.work().resolve("home-outage"));
        node = new KeycloakServer(TwoNodes.node(home, postgres.database(), "outage", TestSettings.geoDatabase().toString()),
                TestSettings.work().resolve("logs")).start();
        app = AppServer.start();
        AdminApi admin = node.admin();
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("pat", "pat-password")
                .group("ops", "pat")
                .attribute("zt.elevation.allowed-clients", "outage-app")
                .passwordGrantClient("outage-app")
                .client("desk-app", List.of(app.callback()))
                // Each sign-in also writes the suite's own rows (risk history), so the outage reaches them too.
                .directGrantFlow(Flow.topLevel("assessed")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off")))
                .build());
        admin.post("/admin/realms/" + REALM + "/roles", Map.of("name", "prod-admin")).expect(201);
        admin.post("/admin/realms/" + REALM + "/zero-trust/elevation/eligibilities", Map.of("group", "ops",
                "role", "realm:prod-admin", "stepUp", "none")).expect(201);
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
        if (node != null) {
            node.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    HttpResult signIn() {
        return Oidc.passwordGrant(node, REALM, "outage-app", "pat", "pat-password", FROM);
    }

    HttpResult activate(String token) {
        return Http.sendJson("POST", node.baseUrl() + "/realms/" + REALM + "/zero-trust/elevation/activate",
                Json.write(Map.of("role", "realm:prod-admin", "durationMinutes", 30, "justification", "outage drill")),
                Map.of("Authorization", "Bearer " + token));
    }

    /** An answer that says what went wrong: success, or an error status with an OAuth / suite error in JSON. */
    static boolean clear(HttpResult answer) {
        if (answer.status() / 100 == 2) {
            return true;
        }
        try {
            return !answer.json().path("error").asText().isBlank();
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    @Test
    void aDatabaseRestartGivesClearErrorsThenServiceComesBackByItself() throws Exception {
        String token = signIn().expect(200).json().path("access_token").asText();
        String patId = node.admin().get("/admin/realms/" + REALM + "/users?username=pat&exact=true").expect(200).json()
                .get(0).path("id").asText();

        // Sign-ins keep arriving the whole time, one after the other.
        List<HttpResult> answers = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean going = new AtomicBoolean(true);
        ExecutorService traffic = Executors.newSingleThreadExecutor();
        Future<?> driver = traffic.submit(() -> {
            while (going.get()) {
                answers.add(signIn());
            }
        });
        Instant stopped;
        Instant back;
        HttpResult outageSignIn;
        HttpResult outageActivation;
        try {
            postgres.stop();
            stopped = Instant.now();
            outageSignIn = signIn();
            while (outageSignIn.status() == 200 && Duration.between(stopped, Instant.now()).compareTo(NOTICE_BOUND) < 0) {
                outageSignIn = signIn();
            }
            assertThat(outageSignIn.status()).as("a sign-in while the database is down is refused: %s", outageSignIn)
                    .isNotEqualTo(200);
            assertThat(clear(outageSignIn)).as("the refusal is an OAuth error: %s", outageSignIn).isTrue();

            outageActivation = activate(token);
            assertThat(outageActivation.status()).as("an activation while the database is down: %s", outageActivation)
                    .isNotEqualTo(201);
            assertThat(clear(outageActivation)).as("its refusal says so: %s", outageActivation).isTrue();

            browser.from(FROM).open(Oidc.authorizationUrl(node, REALM, "desk-app", app.callback()));
            browser.waitUntil(b -> b.has(By.id("kc-form-login")) || b.has(By.id("kc-error-message")));
            if (new LoginPage(browser).isShown()) {
                new LoginPage(browser).signIn("pat", "pat-password");
            }
            browser.waitUntil(b -> b.has(By.id("kc-error-message")) || b.has(By.id("signed-in")));
            assertThat(browser.has(By.id("kc-error-message"))).as("the browser gets Keycloak's error page").isTrue();
            assertThat(browser.element(By.id("kc-error-message")).getText()).as("with a message").isNotBlank();
            browser.screenshot("database-outage-error-page");
        } finally {
            postgres.start();
            back = Instant.now();
        }
        HttpResult recovered = signIn();
        while (recovered.status() != 200 && Duration.between(back, Instant.now()).compareTo(RECOVERY_BOUND) < 0) {
            recovered = signIn();
        }
        Duration recovery = Duration.between(back, Instant.now());
        going.set(false);
        driver.get(2, TimeUnit.MINUTES);
        traffic.shutdownNow();
        List<HttpResult> seen = List.copyOf(answers);
        long refused = seen.stream().filter(a -> a.status() != 200).count();
        System.out.printf("DatabaseOutageIT: down %d ms; %d sign-ins during the restart, %d refused (%s); the outage's"
                        + " sign-in %s; activation %s; serving again %d ms after PostgreSQL was back%n",
                Duration.between(stopped, back).toMillis(), seen.size(), refused,
                seen.stream().filter(a -> a.status() != 200).map(a -> Integer.toString(a.status())).distinct().toList(),
                outageSignIn, outageActivation, recovery.toMillis());

        assertThat(recovered.status()).as("sign-ins work again within %d s of PostgreSQL's return, Keycloak not restarted: %s",
                RECOVERY_BOUND.toSeconds(), recovered).isEqualTo(200);
        assertThat(seen).as("every answer during the restart is a sign-in or an OAuth error").allSatisfy(a ->
                assertThat(clear(a)).as("%s", a).isTrue());
        assertThat(node.isRunning()).as("the node was never restarted").isTrue();

        // The activation the outage cut left nothing: no elevation, no role mapping.
        JsonNode elevations = node.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?max=100")
                .expect(200).json();
        assertThat(elevations).as("no elevation from the cut activation").isEmpty();
        List<String> roles = new ArrayList<>();
        node.admin().get("/admin/realms/" + REALM + "/users/" + patId + "/role-mappings/realm").expect(200).json()
                .forEach(r -> roles.add(r.path("name").asText()));
        assertThat(roles).as("no role mapping from the cut activation").doesNotContain("prod-admin");

        // And the same activation now works, whole: the elevation and the role in the next token.
        String fresh = signIn().expect(200).json().path("access_token").asText();
        HttpResult granted = activate(fresh);
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        List<String> tokenRoles = new ArrayList<>();
        Oidc.claims(signIn().expect(200).json().path("access_token").asText()).path("realm_access").path("roles")
                .forEach(r -> tokenRoles.add(r.asText()));
        assertThat(tokenRoles).contains("prod-admin");
        assertThat(node.admin().get("/admin/realms/" + REALM + "/zero-trust/elevation/elevations?max=100").expect(200).json())
                .hasSize(1);

        browser.deleteCookies();
        browser.from(FROM).open(Oidc.authorizationUrl(node, REALM, "desk-app", app.callback()));
        new LoginPage(browser).signIn("pat", "pat-password");
        assertThat(new AppPage(browser).isShown()).as("a browser sign-in works again").isTrue();
    }
}
