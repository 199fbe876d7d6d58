package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ELIGIBILITY_ID;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static io.github.zerotrust.keycloak.elevation.Fixtures.REALM_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpiryPlanTest {

    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private static Elevation elevation(Instant start, Instant end) {
        return new Elevation(RecordId.random(), ELIGIBILITY_ID, ALICE, REALM_ADMIN, start, end, List.of(),
                Optional.empty(), "why", Optional.empty(), Elevation.Status.ACTIVE, false);
    }

    private static Elevation endingIn(Duration left) {
        return elevation(NOW.minus(Duration.ofHours(1)), NOW.plus(left));
    }

    private static ExpiryPlan plan(List<Elevation> elevations) {
        return ExpiryPlan.at(NOW, elevations, List.of(), TEN_MINUTES);
    }

    @Test
    void expiresWhatIsAtOrPastItsEndTheLongestOverdueFirst() {
        Elevation atEnd = endingIn(Duration.ZERO);
        Elevation overdue = endingIn(Duration.ofSeconds(-30));
        Elevation running = endingIn(Duration.ofNanos(1));
        ExpiryPlan plan = plan(List.of(atEnd, running, overdue));
        assertThat(plan.expire()).containsExactly(overdue, atEnd);
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void leavesClosedElevationsAlone() {
        Elevation expired = endingIn(Duration.ofMinutes(-5)).expire(NOW);
        Elevation deactivated = endingIn(Duration.ofMinutes(5)).deactivate(NOW.minusSeconds(1));
        assertThat(plan(List.of(expired, deactivated)).isEmpty()).isTrue();
    }

    @Test
    void tellsUsersTenMinutesBeforeTheEndOnce() {
        Elevation atNotice = endingIn(TEN_MINUTES);
        Elevation inWindow = endingIn(Duration.ofMinutes(3));
        Elevation beforeWindow = endingIn(TEN_MINUTES.plusNanos(1));
        Elevation notified = endingIn(Duration.ofMinutes(3)).withEndingSoonNotified();
        Elevation due = endingIn(Duration.ZERO);
        ExpiryPlan plan = plan(List.of(atNotice, inWindow, beforeWindow, notified, due));
        assertThat(plan.endingSoon()).containsExactly(inWindow, atNotice);
        assertThat(plan.expire()).containsExactly(due);
    }

    @Test
    void noNoticeForAnElevationGrantedInsideTheWindow() {
        Elevation short5 = elevation(NOW.minusSeconds(60), NOW.plus(Duration.ofMinutes(4)));
        Elevation justLongEnough = elevation(NOW.minus(Duration.ofMinutes(6)), NOW.plus(Duration.ofMinutes(4)).plusNanos(1));
        assertThat(plan(List.of(short5, justLongEnough)).endingSoon()).containsExactly(justLongEnough);
    }

    @Test
    void aZeroWindowSendsNoNotices() {
        assertThat(ExpiryPlan.at(NOW, List.of(endingIn(Duration.ofMinutes(1))), List.of(), Duration.ZERO).isEmpty())
                .isTrue();
    }

    @Test
    void lapsesUnansweredRequestsAtTheirLapseTime() {
        ElevationRequest due = pending(1);
        Instant lapse = due.lapsesAt();
        ElevationRequest younger = ElevationRequest.open(RecordId.random(),
                Fixtures.decide(Fixtures.withApprovals(1), Fixtures.ask(Duration.ofMinutes(30)), NOW.plusSeconds(1)),
                Duration.ofHours(24), Fixtures.APPROVER_IDS);
        ElevationRequest answered = pending(1).approve(Fixtures.BOB_APPROVER, null, NOW);
        assertThat(ExpiryPlan.at(lapse, List.of(), List.of(younger, answered, due), TEN_MINUTES).lapse())
                .containsExactly(due);
        assertThat(ExpiryPlan.at(lapse.plusSeconds(1), List.of(), List.of(younger, due), TEN_MINUTES).lapse())
                .containsExactly(due, younger);
        assertThat(ExpiryPlan.at(lapse.minusNanos(1), List.of(), List.of(due), TEN_MINUTES).isEmpty()).isTrue();
    }
}
