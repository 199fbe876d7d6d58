package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE_AS_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An elevation never outlives the terms that allowed it. */
class EligibilityChangeTest {

    final Elevation elevation = Fixtures.elevation(Duration.ofMinutes(60));
    final java.time.Instant later = NOW.plus(Duration.ofMinutes(10));

    @Test
    void aDeletedEndedOrRewrittenEligibilityEndsItsElevation() {
        assertThat(EligibilityChange.of(elevation, Optional.empty(), ALICE_AS_ADMIN, later))
                .isEqualTo(new EligibilityChange(EligibilityChange.Effect.END, EligibilityChange.Reason.DELETED, Optional.empty()));
        assertThat(EligibilityChange.of(elevation, Optional.of(Fixtures.aliceMayAdminister().endsAt(later).build()),
                ALICE_AS_ADMIN, later).reason()).isEqualTo(EligibilityChange.Reason.ENDED);
        assertThat(EligibilityChange.of(elevation, Optional.of(Fixtures.aliceMayAdminister()
                .principal(Principal.user(Fixtures.BOB)).build()), ALICE_AS_ADMIN, later).reason())
                .isEqualTo(EligibilityChange.Reason.CHANGED);
        assertThat(EligibilityChange.of(elevation, Optional.of(Fixtures.aliceMayAdminister()
                .role(Fixtures.MANAGE_USERS).build()), ALICE_AS_ADMIN, later).effect())
                .isEqualTo(EligibilityChange.Effect.END);
    }

    @Test
    void anEarlierEndCutsTheElevationAndOtherChangesLeaveItAlone() {
        Eligibility earlier = Fixtures.aliceMayAdminister().endsAt(later.plus(Duration.ofMinutes(5))).build();
        Eligibility loosened = Fixtures.aliceMayAdminister().maxDuration(Duration.ofHours(8)).approvalsRequired(0).build();

        EligibilityChange cut = EligibilityChange.of(elevation, Optional.of(earlier), ALICE_AS_ADMIN, later);

        assertThat(cut.effect()).isEqualTo(EligibilityChange.Effect.CUT);
        assertThat(cut.newEnd()).contains(later.plus(Duration.ofMinutes(5)));
        assertThat(elevation.cutTo(cut.newEnd().orElseThrow(), later).end()).isEqualTo(later.plus(Duration.ofMinutes(5)));
        assertThat(EligibilityChange.of(elevation, Optional.of(loosened), ALICE_AS_ADMIN, later).effect())
                .isEqualTo(EligibilityChange.Effect.KEEP);
        assertThat(EligibilityChange.of(elevation.deactivate(later), Optional.empty(), ALICE_AS_ADMIN, later).effect())
                .as("an ended elevation is left as it is").isEqualTo(EligibilityChange.Effect.KEEP);
    }
}
