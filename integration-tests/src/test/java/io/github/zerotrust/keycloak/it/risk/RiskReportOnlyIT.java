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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A risk rule in report-only: impossible travel is recorded in the event and let through. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiskReportOnlyIT {

    static final String REALM = "it-risk-report-only";

    KeycloakServer server;
    AdminApi admin;

    @BeforeAll
    void createRealm(KeycloakServer server, AdminApi admin) {
        this.server = server;
        this.admin = admin;
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM)
                .user("hank", "hank-password")
                .client("test-app", List.of("http://localhost/*"))
                .directGrantFlow(Flow.topLevel("watch risk")
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-risk-assessment", "assess", Map.of("zt.risk.unusual-hour.mode", "off"))
                        .conditional(Flow.sub("watch risk high")
                                .required("zt-condition-risk-level", "would-deny-high-risk", Map.of("level", "high", "report_only", "true"))
                                .required("zt-deny-access", "deny-high", Map.of())))
                .build());
    }

    @AfterAll
    void deleteRealm() {
        admin.deleteRealm(REALM);
    }

    @Test
    void impossibleTravelIsRecordedAndLetThrough() {
        assertThat(Oidc.passwordGrant(server, REALM, "test-app", "hank", "hank-password", "192.0.2.10").status()).isEqualTo(200);

        HttpResult fromSydney = Oidc.passwordGrant(server, REALM, "test-app", "hank", "hank-password", "203.0.113.5");

        assertThat(fromSydney.status()).as(fromSydney.body()).isEqualTo(200);
        JsonNode event = Events.await(admin, REALM, "LOGIN", e -> "203.0.113.5".equals(e.path("ipAddress").asText()));
        assertThat(Events.detail(event, "zt_risk_level")).isEqualTo("high");
        assertThat(Events.detail(event, "zt_report_only"))
                .isEqualTo("would-deny-high-risk: would match (risk high (90: new-country,impossible-travel))");
    }
}
