package io.github.zerotrust.keycloak.it.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.HttpResult;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ways around the risk signals that an attacker with a password list would try: an address the GeoIP data cannot
 * place (so that no country is new and no travel impossible), wrong passwords sent in parallel (so that the failure
 * counters lose updates), and a fresh IPv6 address for each attempt (so that no address gathers failures). Each is
 * shown to be seen: by the next sign-in's event and by What-If, which reads the same counters.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiskEvasionIT {

    static final String REALM = "it-risk-evasion";
    static final String LONDON = "192.0.2.10";
    /** In the test database's IPv6 space (2001:db8::/32) but in none of its networks: no country. */
    static final String UNPLACED_IPV6 = "2001:db8:99::7";
    static final String PRIVATE = "10.20.30.40";
    /** How many wrong passwords each spray sends at once; also the thresholds, so that one lost count shows. */
    static final int SPRAY = 24;

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        RealmBuilder realm = RealmBuilder.realm(REALM)
                .user("olga", "olga-password")
                .user("petra", "petra-password")
                .user("quinn", "quinn-password")
                .user("rosa", "rosa-password")
                .user("sam", "sam-password")
                .user("tara", "tara-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("evasion direct grant")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of(
                                "zt.risk.unusual-hour.mode", "off",
                                "zt.risk.failure-velocity.user-threshold", Integer.toString(SPRAY),
                                "zt.risk.failure-velocity.address-threshold", Integer.toString(SPRAY),
                                "zt.risk.failure-velocity.window-minutes", "60")));
        for (int i = 0; i < SPRAY; i++) {
            realm.user("staff" + i, "staff-password-" + i);
        }
        admin.createRealm(realm.build());
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    HttpResult signIn(String user, String from) {
        return Oidc.passwordGrant(server, REALM, "test-app", user, user + "-password", from);
    }

    JsonNode loginEvent(String user, String from) {
        return Events.await(admin, REALM, "LOGIN", e -> user.equals(e.path("details").path("username").asText())
                && from.equals(e.path("ipAddress").asText()));
    }

    /** The failure-velocity reason What-If gives for a sign-in now, or null. */
    String failureVelocity(String user, String from) {
        JsonNode answer = admin.post("/admin/realms/" + REALM + "/zero-trust/what-if", Map.of("user", user, "address", from))
                .expect(200).json();
        for (JsonNode reason : answer.path("risk").path("reasons")) {
            if ("failure-velocity".equals(reason.path("signal").asText())) {
                return reason.path("detail").asText();
            }
        }
        return null;
    }

    /** Sends {@link #SPRAY} wrong-password grants at once; {@code attempt} gives each one's user and address. */
    void spray(IntFunction<String[]> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SPRAY);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < SPRAY; i++) {
                String[] userAndAddress = attempt.apply(i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return Oidc.passwordGrant(server, REALM, "test-app", userAndAddress[0], "wrong-password",
                            userAndAddress[1]).status();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(2, TimeUnit.MINUTES)).as("a wrong password is refused").isEqualTo(400);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAddressTheGeoDatabaseCannotPlaceDoesNotHideANewPlace() {
        assertThat(signIn("olga", LONDON).status()).isEqualTo(200);

        assertThat(signIn("olga", UNPLACED_IPV6).status()).isEqualTo(200);

        JsonNode event = loginEvent("olga", UNPLACED_IPV6);
        assertThat(Events.detail(event, "zt_country")).isEqualTo("unknown");
        assertThat(Events.detail(event, "zt_risk_reasons")).contains("new-country");
    }

    @Test
    void aPrivateAddressAfterKnownCountriesIsANewPlaceOnceAndFamiliarAfter() {
        assertThat(signIn("petra", LONDON).status()).isEqualTo(200);

        assertThat(signIn("petra", PRIVATE).status()).isEqualTo(200);
        assertThat(Events.detail(loginEvent("petra", PRIVATE), "zt_risk_reasons")).contains("new-country");
        admin.clearEvents(REALM);
        assertThat(signIn("petra", PRIVATE).status()).isEqualTo(200);

        assertThat(Events.detail(loginEvent("petra", PRIVATE), "zt_risk_reasons")).doesNotContain("new-country");
    }

    @Test
    void wrongPasswordsSentInParallelAreAllCounted() throws Exception {
        String from = "192.0.2.31";
        assertThat(failureVelocity("quinn", from)).isNull();

        spray(i -> new String[] {"quinn", from});

        assertThat(failureVelocity("quinn", from)).isEqualTo(SPRAY + " failed attempts for the account in 60 min");
        assertThat(signIn("quinn", from).status()).isEqualTo(200);
        assertThat(Events.detail(loginEvent("quinn", from), "zt_risk_reasons")).contains("failure-velocity");
    }

    @Test
    void sprayingManyAccountsAtOnceFromOneAddressIsCountedInFull() throws Exception {
        String from = "192.0.2.32";

        spray(i -> new String[] {i % 2 == 0 ? "staff" + i : "nobody-" + i, from});

        assertThat(failureVelocity("rosa", from)).isEqualTo(SPRAY + " failed attempts from the address in 60 min");
        assertThat(signIn("rosa", from).status()).isEqualTo(200);
        assertThat(Events.detail(loginEvent("rosa", from), "zt_risk_reasons")).contains("failure-velocity");
    }

    @Test
    void aFreshIpv6AddressForEachAttemptIsStillOneSource() throws Exception {
        spray(i -> new String[] {"staff" + i, "2001:db8:1:4::" + Integer.toHexString(0x100 + i)});

        String another = "2001:db8:1:4:ffff::1";
        assertThat(failureVelocity("sam", another)).isEqualTo(SPRAY + " failed attempts from the address in 60 min");
        assertThat(signIn("sam", another).status()).isEqualTo(200);
        assertThat(Events.detail(loginEvent("sam", another), "zt_risk_reasons")).contains("failure-velocity");
        assertThat(failureVelocity("sam", "2001:db8:1:5::1")).as("the next /64 is another client").isNull();
    }

    @Test
    void anIpv4ClientIsOneSourceWhetherItArrivesPlainOrIpv4Mapped() throws Exception {
        String from = "192.0.2.33";

        spray(i -> new String[] {"nobody-" + i, i % 2 == 0 ? from : "::ffff:" + from});

        assertThat(failureVelocity("tara", from)).isEqualTo(SPRAY + " failed attempts from the address in 60 min");
        assertThat(failureVelocity("tara", "::ffff:" + from)).isEqualTo(SPRAY + " failed attempts from the address in 60 min");
    }
}
