package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.APPROVERS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The limits that keep an elevation bounded: chains of extensions, frozen approvers, the token cap, eligibility data. */
class ElevationLimitsTest {

    static void refused(Runnable step, Refusal reason) {
        assertThatThrownBy(step::run).isInstanceOf(ElevationException.class)
                .satisfies(e -> assertThat(((ElevationException) e).reason()).isEqualTo(reason));
    }

    @Test
    void anElevationIsExtendedAtMostThreeTimes() {
        Eligibility eligibility = Fixtures.aliceMayAdminister().build();
        Elevation elevation = Fixtures.elevation(Duration.ofMinutes(10));
        Instant at = NOW;
        for (int i = 1; i <= Elevation.MAX_EXTENSIONS; i++) {
            at = at.plusSeconds(30);
            elevation = elevation.extend(Fixtures.grant(eligibility, Duration.ofMinutes(10), at));
            assertThat(elevation.extensions()).isEqualTo(i);
        }
        Elevation thrice = elevation;
        Instant fourth = at.plusSeconds(30);

        refused(() -> thrice.extend(Fixtures.grant(eligibility, Duration.ofMinutes(10), fourth)), Refusal.EXTENSION_LIMIT);
    }

    @Test
    void aChainOfExtensionsLastsAtMostThreeTimesTheEligibilitysMaximum() {
        Eligibility hour = Fixtures.aliceMayAdminister().build();
        Elevation elevation = Fixtures.elevation(Duration.ofHours(1));
        // Two hours and a half later, an hour more would make three and a half hours in all.
        Instant late = NOW.plus(Duration.ofMinutes(150));
        Elevation running = new Elevation(elevation.id(), elevation.eligibilityId(), elevation.userId(), elevation.role(),
                elevation.start(), late.plusSeconds(60), List.of(), Optional.empty(), "x", Optional.empty(),
                Elevation.Status.ACTIVE, false, 1);

        refused(() -> running.extend(Fixtures.grant(hour, Duration.ofHours(1), late)), Refusal.EXTENSION_LIMIT);
        assertThat(running.extend(Fixtures.grant(hour, Duration.ofMinutes(30), late)).end()).as("exactly three hours is fine")
                .isEqualTo(NOW.plus(Duration.ofHours(3)));
    }

    @Test
    void onlyTheApproversOfTheMomentOfTheRequestAnswerIt() {
        ElevationRequest request = ElevationRequest.open(RecordId.random(), Fixtures.decide(Fixtures.withApprovals(1),
                Fixtures.ask(Duration.ofMinutes(30)), NOW), Duration.ofHours(24), Set.of(BOB, ALICE));

        assertThat(request.eligibleApprovers()).as("never the requester").containsExactly(BOB);
        refused(() -> request.approve(Actor.of(Fixtures.CAROL, APPROVERS), null, NOW), Refusal.NOT_AN_APPROVER);
        refused(() -> request.approve(Actor.of(BOB), null, NOW), Refusal.NOT_AN_APPROVER);
        assertThat(request.approve(Actor.of(BOB, APPROVERS), null, NOW).state()).isEqualTo(ElevationRequest.State.APPROVED);
    }

    @Test
    void aRequestNeedsAsManyApproversBesidesTheRequesterAsApprovals() {
        refused(() -> ElevationRequest.open(RecordId.random(), Fixtures.decide(Fixtures.withApprovals(2),
                Fixtures.ask(Duration.ofMinutes(30)), NOW), Duration.ofHours(24), Set.of(BOB, ALICE)), Refusal.NOT_ENOUGH_APPROVERS);
    }

    @Test
    void aTokenCarryingOnlyAChildOfTheElevatedCompositeEndsWithTheElevation() {
        Elevation bundle = Fixtures.elevation(Duration.ofMinutes(30));
        RoleRef child = RoleRef.realm("restart-service");
        Instant tokenExpiry = NOW.plus(Duration.ofHours(1));

        assertThat(TokenLifetime.cap(tokenExpiry, Map.of(bundle, Set.of(bundle.role(), child)), Set.of(child), NOW))
                .isEqualTo(bundle.end());
        assertThat(TokenLifetime.cap(tokenExpiry, Map.of(bundle, Set.of(bundle.role())), Set.of(child), NOW))
                .as("a child the user holds anyway is not the elevation's").isEqualTo(tokenExpiry);
    }

    @Test
    void anEligibilityEndsBetween1970AndTheEndOf9999() {
        assertThat(Fixtures.aliceMayAdminister().endsAt(Instant.MAX).problems()).containsExactly("endsAt: between 1970 and the end of 9999");
        assertThatThrownBy(() -> Fixtures.aliceMayAdminister().endsAt(Instant.MAX).build()).isInstanceOf(ElevationException.class)
                .hasMessageContaining("endsAt");
        assertThatThrownBy(() -> Fixtures.aliceMayAdminister().endsAt(Instant.EPOCH.minusSeconds(1)).build())
                .hasMessageContaining("endsAt");
        assertThat(Fixtures.aliceMayAdminister().endsAt(Eligibility.LATEST_END).build().endsAt()).contains(Eligibility.LATEST_END);
    }

    @Test
    void aTicketPatternThatBacktracksWithoutEndDoesNotMatchInsteadOfHanging() {
        Eligibility eligibility = Fixtures.aliceMayAdminister().ticketMode("required").ticketPattern("((a+)+)+b").build();

        assertThat(eligibility.ticketMatches("a".repeat(60) + "c")).isFalse();
        assertThat(eligibility.ticketMatches("aaab")).isTrue();
    }
}
