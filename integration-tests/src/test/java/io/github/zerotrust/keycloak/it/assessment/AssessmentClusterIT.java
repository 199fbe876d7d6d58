package io.github.zerotrust.keycloak.it.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.it.harness.AdminApi;
import io.github.zerotrust.keycloak.it.harness.KeycloakServer;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import io.github.zerotrust.keycloak.it.support.KeycloakExtension;
import io.github.zerotrust.keycloak.it.support.TwoNodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The score history on two nodes: snapshots recorded on both at once are all kept, and both nodes read the same. */
@ExtendWith({KeycloakExtension.class, TwoNodes.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssessmentClusterIT {

    static final String REALM = "it-assessment-cluster";
    static final String ASSESSMENT = "/admin/realms/" + REALM + "/zero-trust/assessment";
    static final int SNAPSHOTS = 8;

    KeycloakServer nodeA;
    KeycloakServer nodeB;

    @BeforeAll
    void startCluster(TwoNodes.Cluster cluster) {
        nodeA = cluster.a();
        nodeB = cluster.b();
        AdminApi admin = nodeA.admin();
        admin.deleteRealm(REALM);
        admin.createRealm(RealmBuilder.realm(REALM).user("kim", "kim-password").build());
    }

    @AfterAll
    void dropRealm() {
        if (nodeA != null) {
            nodeA.admin().deleteRealm(REALM);
        }
    }

    @Test
    void snapshotsRecordedOnBothNodesAtOnceAreAllKeptAndBothNodesReadTheSameHistory() throws Exception {
        // Read once on each node first, so each node's realm cache holds the (empty) history before the race.
        assertThat(nodeA.admin().get(ASSESSMENT + "/history").expect(200).json()).isEmpty();
        assertThat(nodeB.admin().get(ASSESSMENT + "/history").expect(200).json()).isEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < SNAPSHOTS; i++) {
                KeycloakServer node = i % 2 == 0 ? nodeA : nodeB;
                answers.add(pool.submit(() -> node.admin().post(ASSESSMENT + "/snapshots", null).status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode onA = nodeA.admin().get(ASSESSMENT + "/history").expect(200).json();
        JsonNode onB = nodeB.admin().get(ASSESSMENT + "/history").expect(200).json();
        assertThat(onA).as("no snapshot lost to a concurrent one").hasSize(SNAPSHOTS);
        assertThat(onB).isEqualTo(onA);
    }
}
