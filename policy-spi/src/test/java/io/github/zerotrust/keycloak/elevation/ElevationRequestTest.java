package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE_AS_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.APPROVERS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.APPROVER_IDS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB_APPROVER;
import static io.github.zerotrust.keycloak.elevation.Fixtures.CAROL;
import static io.github.zerotrust.keycloak.elevation.Fixtures.CAROL_APPROVER;
import static io.github.zerotrust.keycloak.elevation.Fixtures.DAVE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.DAVE_APPROVER;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ELIGIBILITY_ID;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static io.github.zerotrust.keycloak.elevation.Fixtures.aliceMayAdminister;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ask;
import static io.github.zerotrust.keycloak.elevation.Fixtures.decide;
import static io.github.zerotrust.keycloak.elevation.Fixtures.pending;
import static io.github.zerotrust.keycloak.elevation.Fixtures.withApprovals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.zerotrust.keycloak.elevation.ElevationRequest.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ElevationRequestTest {

    private static final Instant SOON = NOW.plusSeconds(60);
    private static final Instant LAPSE = NOW.plus(Duration.ofHours(24));

    private static void refused(ThrowingCallable transition, Refusal reason) {
        assertThatThrownBy(transition).isInstanceOfSatisfying(ElevationException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Nested
    class Opening {

        @Test
        void opensAPendingRequestThatLapsesAfterTheConfiguredTime() {
            ElevationRequest request = pending(2);
            assertThat(request.state()).isEqualTo(State.PENDING);
            assertThat(request.requesterId()).isEqualTo(ALICE);
            assertThat(request.eligibilityId()).isEqualTo(ELIGIBILITY_ID);
            assertThat(request.approvalsRequired()).isEqualTo(2);
            assertThat(request.approverGroup()).isEqualTo(APPROVERS);
            assertThat(request.createdAt()).isEqualTo(NOW);
            assertThat(request.lapsesAt()).isEqualTo(LAPSE);
            assertThat(request.ask().justification()).isEqualTo("INC-42: restore the payroll client");
            assertThat(request.extending()).isEmpty();
            assertThat(request.approvals()).isEmpty();
            assertThat(request.closedAt()).isEmpty();
        }

        @Test
        void onlyAnActivationThatNeedsApprovalOpensARequest() {
            Activation granted = decide(aliceMayAdminister().build(), ask(Duration.ofMinutes(5)), NOW);
            assertThatThrownBy(() -> ElevationRequest.open(RecordId.random(), granted, Duration.ofHours(24), APPROVER_IDS))
                    .isInstanceOf(IllegalArgumentException.class);
            Activation refused = decide(withApprovals(1), ask(Duration.ZERO), NOW);
            assertThatThrownBy(() -> ElevationRequest.open(RecordId.random(), refused, Duration.ofHours(24), APPROVER_IDS))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Approving {

        @Test
        void oneApprovalOfOneRequiredApproves() {
            ElevationRequest approved = pending(1).approve(BOB_APPROVER, "ok", SOON);
            assertThat(approved.state()).isEqualTo(State.APPROVED);
            assertThat(approved.approvals()).containsExactly(new ElevationRequest.Answer(BOB, SOON, Optional.of("ok")));
            assertThat(approved.closedAt()).contains(SOON);
        }

        @Test
        void staysPendingUntilNDistinctApproversHaveApproved() {
            ElevationRequest request = pending(3).approve(BOB_APPROVER, null, SOON);
            assertThat(request.state()).isEqualTo(State.PENDING);
            request = request.approve(CAROL_APPROVER, "", SOON);
            assertThat(request.state()).isEqualTo(State.PENDING);
            request = request.approve(DAVE_APPROVER, " fine ", SOON);
            assertThat(request.state()).isEqualTo(State.APPROVED);
            assertThat(request.approverIds()).containsExactly(BOB, CAROL, DAVE);
            assertThat(request.approvals()).extracting(ElevationRequest.Answer::comment)
                    .containsExactly(Optional.empty(), Optional.empty(), Optional.of("fine"));
        }

        @Test
        void refusesSelfApproval() {
            Actor aliceApprover = Actor.of(ALICE, APPROVERS);
            refused(() -> pending(1).approve(aliceApprover, "me", SOON), Refusal.SELF_APPROVAL);
            refused(() -> pending(2).approve(BOB_APPROVER, null, SOON).approve(aliceApprover, null, SOON),
                    Refusal.SELF_APPROVAL);
        }

        @Test
        void refusesSomeoneOutsideTheApproverGroup() {
            refused(() -> pending(1).approve(Actor.of(BOB, "group-admins"), null, SOON), Refusal.NOT_AN_APPROVER);
            refused(() -> pending(1).approve(Actor.of(BOB), null, SOON), Refusal.NOT_AN_APPROVER);
        }

        @Test
        void refusesASecondApprovalByTheSamePerson() {
            ElevationRequest once = pending(2).approve(BOB_APPROVER, null, SOON);
            refused(() -> once.approve(BOB_APPROVER, null, SOON.plusSeconds(1)), Refusal.ALREADY_APPROVED);
            refused(() -> once.deny(BOB_APPROVER, "changed my mind", SOON.plusSeconds(1)), Refusal.ALREADY_APPROVED);
        }

        @Test
        void refusesAfterTheRequestLapsedEvenBeforeTheExpiryTaskRan() {
            assertThat(pending(1).approve(BOB_APPROVER, null, LAPSE.minusNanos(1)).state()).isEqualTo(State.APPROVED);
            refused(() -> pending(1).approve(BOB_APPROVER, null, LAPSE), Refusal.LAPSED);
            refused(() -> pending(1).deny(BOB_APPROVER, "no", LAPSE.plusSeconds(1)), Refusal.LAPSED);
            refused(() -> pending(1).cancel(ALICE_AS_ADMIN, LAPSE), Refusal.LAPSED);
        }

        @Test
        void commentsAreAtMostFiveHundredPrintableCharacters() {
            assertThat(pending(1).approve(BOB_APPROVER, "x".repeat(500), SOON).state()).isEqualTo(State.APPROVED);
            refused(() -> pending(1).approve(BOB_APPROVER, "x".repeat(501), SOON), Refusal.COMMENT_TOO_LONG);
            refused(() -> pending(1).approve(BOB_APPROVER, "ok\u001B[2J", SOON), Refusal.COMMENT_MALFORMED);
            refused(() -> pending(1).deny(BOB_APPROVER, "x".repeat(501), SOON), Refusal.COMMENT_TOO_LONG);
        }
    }

    @Nested
    class Denying {

        @Test
        void oneDenialDeniesWhateverApprovalsCameBefore() {
            ElevationRequest denied = pending(2).approve(BOB_APPROVER, null, SOON).deny(CAROL_APPROVER, "not today", SOON);
            assertThat(denied.state()).isEqualTo(State.DENIED);
            assertThat(denied.denial()).contains(new ElevationRequest.Answer(CAROL, SOON, Optional.of("not today")));
            assertThat(denied.approverIds()).containsExactly(BOB);
            assertThat(denied.closedAt()).contains(SOON);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\n"})
        void aDenialSaysWhy(String comment) {
            refused(() -> pending(1).deny(BOB_APPROVER, comment, SOON), Refusal.COMMENT_MISSING);
            refused(() -> pending(1).deny(BOB_APPROVER, null, SOON), Refusal.COMMENT_MISSING);
        }

        @Test
        void nobodyDeniesTheirOwnRequestNorSomeoneOutsideTheGroup() {
            refused(() -> pending(1).deny(Actor.of(ALICE, APPROVERS), "no", SOON), Refusal.SELF_APPROVAL);
            refused(() -> pending(1).deny(Actor.of(BOB), "no", SOON), Refusal.NOT_AN_APPROVER);
        }
    }

    @Nested
    class Cancelling {

        @Test
        void theRequesterCancels() {
            ElevationRequest cancelled = pending(1).cancel(ALICE_AS_ADMIN, SOON);
            assertThat(cancelled.state()).isEqualTo(State.CANCELLED);
            assertThat(cancelled.closedAt()).contains(SOON);
        }

        @Test
        void nobodyElseCancels() {
            refused(() -> pending(1).cancel(BOB_APPROVER, SOON), Refusal.NOT_REQUESTER);
        }
    }

    @Nested
    class Lapsing {

        @Test
        void lapsesAtItsLapseTimeExactly() {
            assertThat(pending(1).isDueToLapse(LAPSE.minusNanos(1))).isFalse();
            assertThat(pending(1).isDueToLapse(LAPSE)).isTrue();
            ElevationRequest lapsed = pending(1).lapse(LAPSE.plusSeconds(7));
            assertThat(lapsed.state()).isEqualTo(State.LAPSED);
            assertThat(lapsed.closedAt()).as("as of its lapse time, however late the task ran").contains(LAPSE);
        }

        @Test
        void doesNotLapseEarly() {
            refused(() -> pending(1).lapse(LAPSE.minusSeconds(1)), Refusal.NOT_DUE);
        }

        @Test
        void theLapseTimeIsConfigured() {
            Activation activation = decide(withApprovals(1), ask(Duration.ofMinutes(30)), NOW);
            ElevationRequest request = ElevationRequest.open(RecordId.random(), activation, Duration.ofHours(2), APPROVER_IDS);
            assertThat(request.lapsesAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
            assertThat(request.isDueToLapse(NOW.plus(Duration.ofHours(2)))).isTrue();
        }
    }

    @Nested
    class Final {

        private static final ElevationRequest APPROVED = pending(1).approve(BOB_APPROVER, null, SOON);
        private static final ElevationRequest DENIED = pending(1).deny(BOB_APPROVER, "no", SOON);
        private static final ElevationRequest CANCELLED = pending(1).cancel(ALICE_AS_ADMIN, SOON);
        private static final ElevationRequest LAPSED = pending(1).lapse(LAPSE);

        private static final List<UnaryOperator<ElevationRequest>> TRANSITIONS = List.of(
                r -> r.approve(CAROL_APPROVER, null, SOON),
                r -> r.deny(CAROL_APPROVER, "no", SOON),
                r -> r.cancel(ALICE_AS_ADMIN, SOON),
                r -> r.lapse(LAPSE.plusSeconds(1)));

        @ParameterizedTest
        @EnumSource(value = State.class, names = "PENDING", mode = EnumSource.Mode.EXCLUDE)
        void aFinalRequestNeverChangesAgain(State state) {
            ElevationRequest request = switch (state) {
                case APPROVED -> APPROVED;
                case DENIED -> DENIED;
                case CANCELLED -> CANCELLED;
                case LAPSED -> LAPSED;
                case PENDING -> throw new AssertionError();
            };
            assertThat(request.state()).isEqualTo(state);
            assertThat(state.isFinal()).isTrue();
            for (UnaryOperator<ElevationRequest> transition : TRANSITIONS) {
                refused(() -> transition.apply(request), Refusal.NOT_PENDING);
            }
        }

        @Test
        void pendingIsNotFinal() {
            assertThat(State.PENDING.isFinal()).isFalse();
        }
    }

    @Nested
    class Consistency {

        private final ElevationRequest request = pending(2);

        private ElevationRequest with(State state, List<ElevationRequest.Answer> approvals,
                                      Optional<ElevationRequest.Answer> denial, Optional<Instant> closedAt) {
            return new ElevationRequest(request.id(), request.eligibilityId(), request.requesterId(), request.ask(),
                    request.approvalsRequired(), request.approverGroup(), request.extending(), request.createdAt(),
                    request.lapsesAt(), state, approvals, denial, closedAt, request.eligibleApprovers());
        }

        @Test
        void aStoredRequestMustBeConsistent() {
            ElevationRequest.Answer bob = new ElevationRequest.Answer(BOB, SOON, Optional.empty());
            ElevationRequest.Answer alice = new ElevationRequest.Answer(ALICE, SOON, Optional.empty());
            assertThatThrownBy(() -> with(State.APPROVED, List.of(bob), Optional.empty(), Optional.of(SOON)))
                    .as("approved short of approvals").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> with(State.PENDING, List.of(bob, bob), Optional.empty(), Optional.empty()))
                    .as("one approver twice").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> with(State.PENDING, List.of(alice), Optional.empty(), Optional.empty()))
                    .as("approved by the requester").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> with(State.DENIED, List.of(), Optional.empty(), Optional.of(SOON)))
                    .as("denied by nobody").isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> with(State.CANCELLED, List.of(), Optional.empty(), Optional.empty()))
                    .as("closed without a time").isInstanceOf(IllegalArgumentException.class);
            assertThat(with(State.PENDING, List.of(bob), Optional.empty(), Optional.empty()).approverIds())
                    .containsExactly(BOB);
        }
    }
}
