package io.github.zerotrust.keycloak.it.mfa;

import static io.github.zerotrust.keycloak.fido.testing.TestBlobs.report;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.fido.Aaguid;
import io.github.zerotrust.keycloak.fido.testing.TestBlobs.Entry;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.support.AppPage;
import io.github.zerotrust.keycloak.it.support.AppServer;
import io.github.zerotrust.keycloak.it.support.Browser;
import io.github.zerotrust.keycloak.it.support.DeniedPage;
import io.github.zerotrust.keycloak.it.support.Events;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.Oidc;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The FIDO Metadata Service BLOB on the two-node cluster: the operator replaces the one file both nodes read, and each
 * node, on its own check, refuses a model the new BLOB reports compromised and lets it back once a later BLOB
 * withdraws the report. The highest BLOB number each node has seen is its own; both start from the same file.
 */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidoMetadataClusterIT {

    static final String REALM = "it-fido-cluster";
    static final String FLOW = "cluster key browser";

    KeycloakServer nodeA;
    KeycloakServer nodeB;
    TwoNodes.FidoMetadata metadata;
    AppServer app;

    @BeforeAll
    void createRealm(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        metadata = cluster.fidoMetadata();
        app = AppServer.start();
        FidoMetadataIT.createPiasRealm(nodeA.admin(), REALM, FLOW, app);
    }

    @AfterAll
    void dropRealm() {
        if (app != null) {
            app.close();
        }
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
        }
    }

    String url(KeycloakServer node) {
        return Oidc.authorizationUrl(node, REALM, "test-app", app.callback());
    }

    /** The reason the policy gave on {@code node} for the refusal shown, from the realm's events. */
    String refusedBecause(Browser browser, KeycloakServer node) {
        DeniedPage denied = new DeniedPage(browser);
        assertThat(denied.isShown()).as("%s refuses the key: %s", node.options().nodeName(), browser.pageSource()).isTrue();
        JsonNode event = Events.await(nodeA.admin(), REALM, "LOGIN_ERROR", Events.withDetail("zt_reference", denied.reference()));
        return Events.detail(event, "zt_reason");
    }

    @Test
    void aBlobReplacedUnderBothNodesRefusesACompromisedModelOnEachAndItsWithdrawalLetsTheKeyBackOnEach() {
        try (Browser browser = Browser.start().withSecurityKey()) {
            FidoMetadataIT.registerPiasKey(browser, url(nodeA));
            assertThat(new AppPage(browser).isShown()).as("the BLOB does not list the model: no objection").isTrue();
            Aaguid model = Aaguid.of(FidoMetadataIT.registeredModel(nodeA.admin(), REALM, "pia"));
            for (KeycloakServer node : List.of(nodeA, nodeB)) {
                FidoMetadataIT.signInWithKey(browser, url(node));
                assertThat(new AppPage(browser).isShown()).as("%s, before the new BLOB", node.options().nodeName()).isTrue();
            }

            metadata.replace(List.of(Entry.of(model, "Virtual key", report("FIDO_CERTIFIED_L1", "2025-01-01"),
                    report("ATTESTATION_KEY_COMPROMISE", "2026-01-15"))));
            FidoMetadataIT.sleepPastTheCheckInterval();
            for (KeycloakServer node : List.of(nodeA, nodeB)) {
                FidoMetadataIT.signInWithKey(browser, url(node));
                assertThat(refusedBecause(browser, node)).as("%s, with the BLOB that reports the model compromised",
                        node.options().nodeName()).startsWith("compromised");
            }

            metadata.replace(List.of(Entry.of(model, "Virtual key", report("FIDO_CERTIFIED_L1", "2025-01-01"))));
            FidoMetadataIT.sleepPastTheCheckInterval();
            for (KeycloakServer node : List.of(nodeA, nodeB)) {
                FidoMetadataIT.signInWithKey(browser, url(node));
                assertThat(new AppPage(browser).isShown()).as("%s, once a later BLOB withdrew the report",
                        node.options().nodeName()).isTrue();
            }
        }
    }
}
