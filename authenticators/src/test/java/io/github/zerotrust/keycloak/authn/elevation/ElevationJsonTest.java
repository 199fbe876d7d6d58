package io.github.zerotrust.keycloak.authn.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.elevation.Activation;
import io.github.zerotrust.keycloak.elevation.ActivationPolicy;
import io.github.zerotrust.keycloak.elevation.ActivationRequest;
import io.github.zerotrust.keycloak.elevation.Actor;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import io.github.zerotrust.keycloak.elevation.ElevationSettings;
import io.github.zerotrust.keycloak.elevation.Principal;
import io.github.zerotrust.keycloak.elevation.RecentAuthentication;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.elevation.Strength;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What is stored is what is read back: every field, optional or not, survives the database. */
class ElevationJsonTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    static Eligibility eligibility(int approvals) {
        return Eligibility.draft().id(RecordId.random()).principal(Principal.group("group-1"))
                .role(RoleRef.client("billing", "refund")).maxDuration(Duration.ofHours(2)).ticketMode("required")
                .ticketPattern("INC-[0-9]+").approvalsRequired(approvals).approverGroup(approvals > 0 ? "approvers" : null)
                .stepUp(Strength.PHISHING_RESISTANT).stepUpMaxAge(Duration.ofMinutes(30))
                .endsAt(Instant.parse("2027-01-01T00:00:00Z")).build();
    }

    static Activation activation(Eligibility eligibility) {
        return new ActivationPolicy(ElevationSettings.defaults()).decide(List.of(eligibility), Actor.of("user-1", "group-1"),
                ActivationRequest.of(RoleRef.client("billing", "refund"), Duration.ofMinutes(45), "refund for ticket INC-7")
                        .withTicket("INC-7"),
                List.of(new RecentAuthentication(Strength.PHISHING_RESISTANT, NOW.minusSeconds(60))), NOW);
    }

    @Test
    void anEligibilityRoundTrips() {
        Eligibility e = eligibility(2);

        assertThat(ElevationJson.eligibility(ElevationJson.write(e))).isEqualTo(e);
    }

    @Test
    void anElevationRoundTrips() {
        Activation granted = activation(eligibility(0));
        assertThat(granted.isGranted()).as(granted.toString()).isTrue();
        Elevation e = Elevation.start(RecordId.random(), granted).withEndingSoonNotified();

        assertThat(ElevationJson.elevation(ElevationJson.write(e))).isEqualTo(e);
    }

    @Test
    void aRequestWithAnswersRoundTrips() {
        Activation pending = activation(eligibility(2));
        assertThat(pending.needsApproval()).as(pending.toString()).isTrue();
        ElevationRequest r = ElevationRequest.open(RecordId.random(), pending, Duration.ofHours(24),
                        java.util.Set.of("approver-1", "approver-2", "approver-3"))
                .approve(Actor.of("approver-1", "approvers"), "fine", NOW.plusSeconds(5))
                .approve(Actor.of("approver-2", "approvers"), null, NOW.plusSeconds(9));

        ElevationRequest read = ElevationJson.request(ElevationJson.write(r));

        assertThat(read).isEqualTo(r);
        assertThat(read.state()).isEqualTo(ElevationRequest.State.APPROVED);
        assertThat(read.eligibleApprovers()).containsExactlyInAnyOrder("approver-1", "approver-2", "approver-3");
    }

    @Test
    void aRequestStoredBeforeApproversWereFrozenIsAnsweredByNobody() {
        Activation pending = activation(eligibility(2));
        ElevationRequest r = ElevationRequest.open(RecordId.random(), pending, Duration.ofHours(24), java.util.Set.of("approver-1", "approver-2"));
        String stored = ElevationJson.write(r).replaceAll(",\\\"eligibleApprovers\\\":\\[[^]]*\\]", "");
        org.assertj.core.api.Assertions.assertThat(stored).doesNotContain("eligibleApprovers");

        ElevationRequest read = ElevationJson.request(stored);

        assertThat(read.eligibleApprovers()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> read.approve(Actor.of("approver-1", "approvers"), null, NOW))
                .hasMessageContaining("not-an-approver");
    }

    @Test
    void anElevationStoredBeforeExtensionsWereCountedReadsAsNeverExtended() {
        Elevation e = Elevation.start(RecordId.random(), activation(eligibility(0)));
        String stored = ElevationJson.write(e).replace(",\"extensions\":0", "");
        org.assertj.core.api.Assertions.assertThat(stored).doesNotContain("extensions");

        assertThat(ElevationJson.elevation(stored)).isEqualTo(e);
    }
}
