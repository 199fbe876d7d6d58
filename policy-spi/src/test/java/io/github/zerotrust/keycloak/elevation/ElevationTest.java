package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE_AS_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.APPROVER_IDS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB_APPROVER;
import static io.github.zerotrust.keycloak.elevation.Fixtures.CAROL;
import static io.github.zerotrust.keycloak.elevation.Fixtures.CAROL_APPROVER;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ELIGIBILITY_ID;
import static io.github.zerotrust.keycloak.elevation.Fixtures.FRESH_MFA;
import static io.github.zerotrust.keycloak.elevation.Fixtures.MANAGE_USERS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static io.github.zerotrust.keycloak.elevation.Fixtures.REALM_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.aliceMayAdminister;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ask;
import static io.github.zerotrust.keycloak.elevation.Fixtures.decide;
import static io.github.zerotrust.keycloak.elevation.Fixtures.elevation;
import static io.github.zerotrust.keycloak.elevation.Fixtures.grant;
import static io.github.zerotrust.keycloak.elevation.Fixtures.pending;
import static io.github.zerotrust.keycloak.elevation.Fixtures.withApprovals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ElevationTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant END = NOW.plus(HOUR);

    private static void refused(ThrowingCallable change, Refusal reason) {
        assertThatThrownBy(change).isInstanceOfSatisfying(ElevationException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Nested
    class Starting {

        @Test
        void aGrantStartsAnElevationNow() {
            RecordId id = RecordId.random();
            Elevation elevation = Elevation.start(id, grant(aliceMayAdminister().build(), HOUR, NOW));
            assertThat(elevation).isEqualTo(new Elevation(id, ELIGIBILITY_ID, ALICE, REALM_ADMIN, NOW, END, List.of(),
                    Optional.empty(), "INC-42: restore the payroll client", Optional.empty(),
                    Elevation.Status.ACTIVE, false));
        }

        @Test
        void onlyAGrantStartsOne() {
            Activation needsApproval = decide(withApprovals(1), ask(HOUR), NOW);
            assertThatThrownBy(() -> Elevation.start(RecordId.random(), needsApproval))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void anApprovedRequestStartsAtTheApprovalWithItsApprovers() {
            Eligibility eligibility = withApprovals(2);
            ElevationRequest approved = pending(2).approve(BOB_APPROVER, null, NOW.plusSeconds(60))
                    .approve(CAROL_APPROVER, null, NOW.plusSeconds(600));
            Instant approvedAt = NOW.plusSeconds(600);
            Elevation elevation = Elevation.start(RecordId.random(), approved, eligibility, ALICE_AS_ADMIN, approvedAt);
            assertThat(elevation.start()).isEqualTo(approvedAt);
            assertThat(elevation.end()).isEqualTo(approvedAt.plus(Duration.ofMinutes(30)));
            assertThat(elevation.approvers()).containsExactly(BOB, CAROL);
            assertThat(elevation.requestId()).contains(approved.id());
        }

        @Test
        void aPendingRequestStartsNothing() {
            refused(() -> Elevation.start(RecordId.random(), pending(1), withApprovals(1), ALICE_AS_ADMIN, NOW),
                    Refusal.NOT_APPROVED);
            ElevationRequest denied = pending(1).deny(BOB_APPROVER, "no", NOW);
            refused(() -> Elevation.start(RecordId.random(), denied, withApprovals(1), ALICE_AS_ADMIN, NOW),
                    Refusal.NOT_APPROVED);
        }

        @Test
        void theEligibilityIsCheckedAgainWhenTheApprovalComesIn() {
            ElevationRequest approved = pending(1).approve(BOB_APPROVER, null, NOW);
            Eligibility ended = EligibilityDraft.of(withApprovals(1)).endsAt(NOW).build();
            refused(() -> Elevation.start(RecordId.random(), approved, ended, ALICE_AS_ADMIN, NOW),
                    Refusal.ELIGIBILITY_ENDED);
            Eligibility movedToGroup = EligibilityDraft.of(withApprovals(1)).principal(Principal.group("group-x")).build();
            refused(() -> Elevation.start(RecordId.random(), approved, movedToGroup, ALICE_AS_ADMIN, NOW),
                    Refusal.NOT_ELIGIBLE);
            Eligibility otherRole = EligibilityDraft.of(withApprovals(1)).role(MANAGE_USERS).build();
            refused(() -> Elevation.start(RecordId.random(), approved, otherRole, ALICE_AS_ADMIN, NOW),
                    Refusal.NOT_ELIGIBLE);
            Eligibility shortened = EligibilityDraft.of(withApprovals(1)).maxDuration(Duration.ofMinutes(10)).build();
            assertThat(Elevation.start(RecordId.random(), approved, shortened, ALICE_AS_ADMIN, NOW).end())
                    .as("cut to the new maximum").isEqualTo(NOW.plus(Duration.ofMinutes(10)));
            Eligibility ending = EligibilityDraft.of(withApprovals(1)).endsAt(NOW.plusSeconds(60)).build();
            assertThat(Elevation.start(RecordId.random(), approved, ending, ALICE_AS_ADMIN, NOW).end())
                    .isEqualTo(NOW.plusSeconds(60));
        }

        @Test
        void anotherUsersOrEligibilitysRequestIsAGlueBug() {
            ElevationRequest approved = pending(1).approve(BOB_APPROVER, null, NOW);
            assertThatThrownBy(() -> Elevation.start(RecordId.random(), approved, withApprovals(1),
                    Actor.of(BOB, "group-admins"), NOW)).isInstanceOf(IllegalArgumentException.class);
            Eligibility other = EligibilityDraft.of(withApprovals(1)).id(RecordId.random()).build();
            assertThatThrownBy(() -> Elevation.start(RecordId.random(), approved, other, ALICE_AS_ADMIN, NOW))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Activity {

        @Test
        void activeFromItsStartUntilJustBeforeItsEnd() {
            Elevation elevation = elevation(HOUR);
            assertThat(elevation.isActive(NOW.minusNanos(1))).isFalse();
            assertThat(elevation.isActive(NOW)).isTrue();
            assertThat(elevation.isActive(END.minusNanos(1))).isTrue();
            assertThat(elevation.isActive(END)).isFalse();
        }

        @Test
        void dueAtItsEndUntilExpired() {
            Elevation elevation = elevation(HOUR);
            assertThat(elevation.isDue(END.minusNanos(1))).isFalse();
            assertThat(elevation.isDue(END)).isTrue();
            Elevation expired = elevation.expire(END.plusSeconds(3));
            assertThat(expired.status()).isEqualTo(Elevation.Status.EXPIRED);
            assertThat(expired.end()).as("ended on time, however late the task ran").isEqualTo(END);
            assertThat(expired.isDue(END.plusSeconds(4))).isFalse();
        }

        @Test
        void doesNotExpireEarlyNorTwice() {
            refused(() -> elevation(HOUR).expire(END.minusNanos(1)), Refusal.NOT_DUE);
            refused(() -> elevation(HOUR).expire(END).expire(END), Refusal.NOT_ACTIVE);
        }
    }

    @Nested
    class Deactivating {

        @Test
        void endsNowWhenTheUserIsDone() {
            Instant done = NOW.plus(Duration.ofMinutes(20));
            Elevation deactivated = elevation(HOUR).deactivate(done);
            assertThat(deactivated.status()).isEqualTo(Elevation.Status.DEACTIVATED);
            assertThat(deactivated.end()).isEqualTo(done);
            assertThat(deactivated.isActive(done)).isFalse();
            assertThat(deactivated.isDue(END)).as("nothing left for the expiry task").isFalse();
        }

        @Test
        void refusesWhatIsNoLongerActive() {
            refused(() -> elevation(HOUR).deactivate(END), Refusal.NOT_ACTIVE);
            refused(() -> elevation(HOUR).deactivate(NOW).deactivate(NOW), Refusal.NOT_ACTIVE);
            refused(() -> elevation(HOUR).expire(END).deactivate(END), Refusal.NOT_ACTIVE);
        }
    }

    @Nested
    class Extending {

        private final Elevation elevation = elevation(HOUR);
        private final Instant later = NOW.plus(Duration.ofMinutes(50));

        @Test
        void anExtensionIsANewWindowOfAtMostTheMaximumFromNow() {
            Activation again = grant(aliceMayAdminister().build(), HOUR, later);
            Elevation extended = elevation.extend(again);
            assertThat(extended.start()).isEqualTo(NOW);
            assertThat(extended.end()).isEqualTo(later.plus(HOUR));
            assertThat(extended.id()).isEqualTo(elevation.id());
            assertThat(extended.justification()).isEqualTo(elevation.justification());
        }

        @Test
        void goesThroughTheActivationRulesAgain() {
            Activation tooLong = decide(aliceMayAdminister().build(), ask(HOUR.plusSeconds(1)), later);
            assertThat(tooLong.refusal()).contains(Refusal.DURATION_TOO_LONG);
            Activation staleStepUp = new ActivationPolicy(ElevationSettings.defaults()).decide(
                    List.of(aliceMayAdminister().build()), ALICE_AS_ADMIN, ask(HOUR), FRESH_MFA, later);
            assertThat(staleStepUp.refusal()).as("the MFA of the first activation is too old by now")
                    .contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void mustEndLaterThanTheElevationDoesNow() {
            Activation shorter = grant(aliceMayAdminister().build(), Duration.ofMinutes(5), later);
            refused(() -> elevation.extend(shorter), Refusal.NOT_AN_EXTENSION);
            Activation same = grant(aliceMayAdminister().build(), Duration.ofMinutes(10), later);
            refused(() -> elevation.extend(same), Refusal.NOT_AN_EXTENSION);
            Activation longer = grant(aliceMayAdminister().build(), Duration.ofMinutes(10).plusNanos(1), later);
            assertThat(elevation.extend(longer).end()).isEqualTo(END.plusNanos(1));
        }

        @Test
        void refusesAnotherRoleOrUser() {
            Eligibility manage = aliceMayAdminister().role(MANAGE_USERS).build();
            Activation otherRole = new ActivationPolicy(ElevationSettings.defaults()).decide(List.of(manage),
                    ALICE_AS_ADMIN, ActivationRequest.of(MANAGE_USERS, HOUR, "why"), Fixtures.mfaBefore(later), later);
            refused(() -> elevation.extend(otherRole), Refusal.NOT_AN_EXTENSION);
            Eligibility bobs = aliceMayAdminister().principal(Principal.user(BOB)).build();
            Activation bob = new ActivationPolicy(ElevationSettings.defaults()).decide(List.of(bobs),
                    Actor.of(BOB), ask(HOUR), Fixtures.mfaBefore(later), later);
            refused(() -> elevation.extend(bob), Refusal.NOT_AN_EXTENSION);
        }

        @Test
        void refusesAnElevationThatHasEnded() {
            Activation afterEnd = grant(aliceMayAdminister().build(), HOUR, END);
            refused(() -> elevation.extend(afterEnd), Refusal.NOT_ACTIVE);
            refused(() -> elevation.deactivate(later).extend(grant(aliceMayAdminister().build(), HOUR, later)),
                    Refusal.NOT_ACTIVE);
        }

        @Test
        void resetsTheEndingSoonNotice() {
            Elevation notified = elevation.withEndingSoonNotified();
            assertThat(notified.endingSoonNotified()).isTrue();
            assertThat(notified.extend(grant(aliceMayAdminister().build(), HOUR, later)).endingSoonNotified()).isFalse();
        }

        @Test
        void needsApprovalAgainWhenTheEligibilityRequiresIt() {
            Eligibility eligibility = withApprovals(1);
            Elevation approvedElevation = Elevation.start(RecordId.random(), pending(1).approve(BOB_APPROVER, null, NOW),
                    eligibility, ALICE_AS_ADMIN, NOW);
            Instant asked = NOW.plus(Duration.ofMinutes(20));
            Activation again = decide(eligibility, ask(HOUR), asked);
            assertThat(again.needsApproval()).isTrue();

            ElevationRequest extension = ElevationRequest.openExtension(RecordId.random(), again, approvedElevation,
                    Duration.ofHours(24), APPROVER_IDS);
            assertThat(extension.extending()).contains(approvedElevation.id());
            Instant approvedAt = asked.plusSeconds(120);
            ElevationRequest approved = extension.approve(CAROL_APPROVER, null, approvedAt);

            Elevation extended = approvedElevation.extend(approved, eligibility, ALICE_AS_ADMIN, approvedAt);
            assertThat(extended.end()).isEqualTo(approvedAt.plus(HOUR));
            assertThat(extended.approvers()).containsExactly(BOB, CAROL);
        }

        @Test
        void anExtensionRequestIsForAnActiveElevationAndALaterEnd() {
            Elevation approvedElevation = Elevation.start(RecordId.random(),
                    pending(1).approve(BOB_APPROVER, null, NOW), withApprovals(1), ALICE_AS_ADMIN, NOW);
            Activation tooShort = decide(withApprovals(1), ask(Duration.ofMinutes(5)), NOW.plusSeconds(60));
            refused(() -> ElevationRequest.openExtension(RecordId.random(), tooShort, approvedElevation,
                    Duration.ofHours(24), APPROVER_IDS), Refusal.NOT_AN_EXTENSION);
            Activation afterEnd = decide(withApprovals(1), ask(HOUR), NOW.plus(HOUR));
            refused(() -> ElevationRequest.openExtension(RecordId.random(), afterEnd, approvedElevation,
                    Duration.ofHours(24), APPROVER_IDS), Refusal.NOT_ACTIVE);
        }

        @Test
        void anApprovedRequestExtendsOnlyTheElevationItNames() {
            ElevationRequest approvedFresh = pending(1).approve(BOB_APPROVER, null, later);
            refused(() -> elevation.extend(approvedFresh, withApprovals(1), ALICE_AS_ADMIN, later),
                    Refusal.NOT_AN_EXTENSION);
        }

        @Test
        void anExtensionApprovedAfterTheElevationEndedIsRefusedAndMayStartAFreshOne() {
            Eligibility eligibility = withApprovals(1);
            Elevation approvedElevation = Elevation.start(RecordId.random(), pending(1).approve(BOB_APPROVER, null, NOW),
                    eligibility, ALICE_AS_ADMIN, NOW);
            ElevationRequest extension = ElevationRequest.openExtension(RecordId.random(),
                    decide(eligibility, ask(Duration.ofMinutes(30)), NOW.plusSeconds(60)), approvedElevation,
                    Duration.ofHours(24), APPROVER_IDS);
            Instant lateApproval = NOW.plus(Duration.ofHours(2));
            ElevationRequest approved = extension.approve(CAROL_APPROVER, null, lateApproval);
            refused(() -> approvedElevation.extend(approved, eligibility, ALICE_AS_ADMIN, lateApproval),
                    Refusal.NOT_ACTIVE);
            Elevation fresh = Elevation.start(RecordId.random(), approved, eligibility, ALICE_AS_ADMIN, lateApproval);
            assertThat(fresh.start()).isEqualTo(lateApproval);
            assertThat(fresh.end()).isEqualTo(lateApproval.plus(Duration.ofMinutes(30)));
        }
    }

    @Test
    void aStoredElevationDoesNotEndBeforeItStarts() {
        assertThatThrownBy(() -> new Elevation(RecordId.random(), ELIGIBILITY_ID, ALICE, REALM_ADMIN, NOW,
                NOW.minusNanos(1), List.of(), Optional.empty(), "", Optional.empty(), Elevation.Status.ACTIVE, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
