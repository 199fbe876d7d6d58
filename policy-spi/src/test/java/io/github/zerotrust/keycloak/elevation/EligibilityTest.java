package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ADMINS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE_AS_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.APPROVERS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ELIGIBILITY_ID;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static io.github.zerotrust.keycloak.elevation.Fixtures.REALM_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.aliceMayAdminister;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EligibilityTest {

    @Nested
    class Defaults {

        private final Eligibility eligibility = aliceMayAdminister().build();

        @Test
        void oneHourWithJustificationAndAFreshMfaNoTicketNoApprovalNoEnd() {
            assertThat(eligibility).isEqualTo(new Eligibility(ELIGIBILITY_ID, Principal.user(ALICE), REALM_ADMIN,
                    Duration.ofHours(1), true, TicketMode.NONE, Optional.empty(), 0, Optional.empty(), Strength.MFA,
                    Duration.ofMinutes(15), Optional.empty()));
            assertThat(eligibility.requiresApproval()).isFalse();
            assertThat(eligibility.hasEnded(Instant.MAX)).isFalse();
        }

        @Test
        void limits() {
            assertThat(Eligibility.MIN_DURATION).isEqualTo(Duration.ofMinutes(5));
            assertThat(Eligibility.MAX_DURATION).isEqualTo(Duration.ofHours(24));
            assertThat(Eligibility.MAX_APPROVALS).isEqualTo(10);
            assertThat(Eligibility.MAX_TICKET_PATTERN_LENGTH).isEqualTo(200);
        }
    }

    @Nested
    class Validation {

        @Test
        void listsEveryProblemAtOnceNamingTheField() {
            EligibilityDraft draft = Eligibility.draft().maxDuration(Duration.ofHours(25)).approvalsRequired(2)
                    .stepUpMaxAge(Duration.ZERO).ticketPattern("INC-[0-9+");
            assertThat(draft.problems()).containsExactly("id: missing", "principal: missing", "role: missing",
                    "maxDuration: between 5 minutes and 24 hours", "stepUpMaxAge: between 1 minute and 24 hours",
                    "approverGroup: required when approvals are",
                    "ticketPattern: not a regular expression (Unclosed character class)");
        }

        @Test
        void buildRefusesWithTheSameProblems() {
            EligibilityDraft draft = aliceMayAdminister().approvalsRequired(11);
            assertThatThrownBy(draft::build).isInstanceOfSatisfying(ElevationException.class, e -> {
                assertThat(e.reason()).isEqualTo(Refusal.INVALID_ELIGIBILITY);
                assertThat(e.problems()).containsExactly("approvalsRequired: between 0 and 10");
                assertThat(e.getMessage()).isEqualTo("invalid-eligibility: approvalsRequired: between 0 and 10");
            });
        }

        @Test
        void theConstructorRefusesWhatTheDraftRefuses() {
            assertThatThrownBy(() -> new Eligibility(ELIGIBILITY_ID, Principal.user(ALICE), REALM_ADMIN,
                    Duration.ofMinutes(4), true, TicketMode.NONE, Optional.empty(), 1, Optional.empty(), Strength.MFA,
                    Duration.ofMinutes(15), Optional.empty()))
                    .isInstanceOfSatisfying(ElevationException.class, e -> assertThat(e.problems()).containsExactly(
                            "maxDuration: between 5 minutes and 24 hours", "approverGroup: required when approvals are"));
        }

        @ParameterizedTest
        @ValueSource(longs = {5 * 60, 60 * 60, 24 * 60 * 60})
        void acceptsMaximumDurationsFromFiveMinutesToADay(long seconds) {
            assertThat(aliceMayAdminister().maxDuration(Duration.ofSeconds(seconds)).problems()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(longs = {-3600, 0, 5 * 60 - 1, 24 * 60 * 60 + 1, Long.MAX_VALUE / 2})
        void refusesMaximumDurationsOutsideFiveMinutesToADay(long seconds) {
            assertThat(aliceMayAdminister().maxDuration(Duration.ofSeconds(seconds)).problems())
                    .containsExactly("maxDuration: between 5 minutes and 24 hours");
            assertThat(aliceMayAdminister().maxDuration(null).problems())
                    .containsExactly("maxDuration: between 5 minutes and 24 hours");
        }

        @Test
        void approvalsFromZeroToTenWithAGroup() {
            assertThat(aliceMayAdminister().approvalsRequired(10).approverGroup(APPROVERS).problems()).isEmpty();
            assertThat(aliceMayAdminister().approvalsRequired(-1).problems())
                    .containsExactly("approvalsRequired: between 0 and 10");
            assertThat(aliceMayAdminister().approvalsRequired(1).approverGroup("  ").problems())
                    .containsExactly("approverGroup: required when approvals are");
            assertThat(aliceMayAdminister().approvalsRequired(1).approverGroup("a\u0000b").problems())
                    .containsExactly("approverGroup: a group id of 1 to 255 printable characters");
        }

        @Test
        void stepUpMaxAgeFromAMinuteToADay() {
            assertThat(aliceMayAdminister().stepUpMaxAge(Duration.ofMinutes(1)).problems()).isEmpty();
            assertThat(aliceMayAdminister().stepUpMaxAge(Duration.ofHours(24)).problems()).isEmpty();
            assertThat(aliceMayAdminister().stepUpMaxAge(Duration.ofSeconds(59)).problems()).hasSize(1);
            assertThat(aliceMayAdminister().stepUpMaxAge(Duration.ofHours(24).plusSeconds(1)).problems()).hasSize(1);
        }

        @Test
        void ticketPatternsAreShortValidRegularExpressions() {
            assertThat(aliceMayAdminister().ticketPattern("(INC|CHG)-\\d{4,8}").problems()).isEmpty();
            assertThat(aliceMayAdminister().ticketPattern("x".repeat(200)).problems()).isEmpty();
            assertThat(aliceMayAdminister().ticketPattern("x".repeat(201)).problems())
                    .containsExactly("ticketPattern: 1 to 200 characters");
            assertThat(aliceMayAdminister().ticketPattern(" ").build().ticketPattern()).isEmpty();
        }

        @Test
        void aPatternTheJdkCannotCompileIsAProblemNotACrash() {
            // Found by fuzzing: a trailing backslash is an "Unexpected internal error" of the JDK's parser.
            assertThat(aliceMayAdminister().ticketPattern("]]\\").problems())
                    .singleElement().asString().startsWith("ticketPattern: not a regular expression");
        }

        @Test
        void unreadableTextValuesAreNamedNotReportedMissing() {
            EligibilityDraft draft = Eligibility.draft().id(ELIGIBILITY_ID).principal(Principal.user(ALICE))
                    .role("admin").ticketMode("sometimes").stepUp("otp");
            assertThat(draft.problems()).containsExactly("role: not realm:<role> or client:<clientId>:<role>",
                    "ticketMode: none, optional or required", "stepUp: none, mfa or phr");
        }

        @Test
        void aLaterReadableValueClearsTheProblem() {
            EligibilityDraft draft = aliceMayAdminister().role("admin").role("realm:admin").stepUp("otp")
                    .stepUp(Strength.PHISHING_RESISTANT).ticketMode("x").ticketMode("required");
            assertThat(draft.problems()).isEmpty();
            Eligibility eligibility = draft.build();
            assertThat(eligibility.role()).isEqualTo(RoleRef.realm("admin"));
            assertThat(eligibility.stepUp()).isEqualTo(Strength.PHISHING_RESISTANT);
            assertThat(eligibility.ticketMode()).isEqualTo(TicketMode.REQUIRED);
        }

        @Test
        void aDraftOfAnEligibilityBuildsItAgain() {
            Eligibility eligibility = aliceMayAdminister().maxDuration(Duration.ofHours(8)).justificationRequired(false)
                    .ticketMode(TicketMode.OPTIONAL).ticketPattern("INC-\\d+").approvalsRequired(2)
                    .approverGroup(APPROVERS).stepUp(Strength.PHISHING_RESISTANT).stepUpMaxAge(Duration.ofMinutes(5))
                    .endsAt(NOW.plusSeconds(86_400)).build();
            assertThat(EligibilityDraft.of(eligibility).build()).isEqualTo(eligibility);
        }
    }

    @Nested
    class Rules {

        @Test
        void aUserEligibilityIsForThatUserAGroupEligibilityForItsMembers() {
            assertThat(aliceMayAdminister().build().appliesTo(ALICE_AS_ADMIN)).isTrue();
            assertThat(aliceMayAdminister().build().appliesTo(Actor.of(BOB, ADMINS))).isFalse();
            Eligibility admins = aliceMayAdminister().principal(Principal.group(ADMINS)).build();
            assertThat(admins.appliesTo(Actor.of(BOB, ADMINS))).isTrue();
            assertThat(admins.appliesTo(Actor.of(ALICE))).isFalse();
            assertThat(admins.appliesTo(Actor.of(ADMINS))).as("a user id is not a group").isFalse();
        }

        @Test
        void hasEndedAtItsEndExactly() {
            Eligibility eligibility = aliceMayAdminister().endsAt(NOW).build();
            assertThat(eligibility.hasEnded(NOW.minusNanos(1))).isFalse();
            assertThat(eligibility.hasEnded(NOW)).isTrue();
            assertThat(eligibility.hasEnded(NOW.plusSeconds(1))).isTrue();
        }

        @Test
        void anActivationEndsAfterItsDurationButNeverAfterTheEligibilityNorBeyondTheMaximum() {
            Eligibility open = aliceMayAdminister().build();
            assertThat(open.endOfActivation(NOW, Duration.ofMinutes(30))).isEqualTo(NOW.plusSeconds(1_800));
            assertThat(open.endOfActivation(NOW, Duration.ofHours(3))).isEqualTo(NOW.plusSeconds(3_600));
            Eligibility ending = aliceMayAdminister().endsAt(NOW.plusSeconds(600)).build();
            assertThat(ending.endOfActivation(NOW, Duration.ofMinutes(30))).isEqualTo(NOW.plusSeconds(600));
            assertThat(ending.endOfActivation(NOW, Duration.ofMinutes(5))).isEqualTo(NOW.plusSeconds(300));
        }

        @Test
        void ticketsMatchThePatternInFull() {
            Eligibility eligibility = aliceMayAdminister().ticketMode(TicketMode.REQUIRED).ticketPattern("INC-\\d+").build();
            assertThat(eligibility.ticketMatches("INC-42")).isTrue();
            assertThat(eligibility.ticketMatches("INC-42 and more")).isFalse();
            assertThat(eligibility.ticketMatches("see INC-42")).isFalse();
            assertThat(aliceMayAdminister().build().ticketMatches("anything")).isTrue();
        }

        @Test
        @Timeout(60)
        void aBacktrackingPatternStopsAndRefusesTheTicketInsteadOfHoldingTheThread() {
            Eligibility eligibility = aliceMayAdminister().ticketMode(TicketMode.REQUIRED).ticketPattern("(a+)+b").build();

            assertThat(eligibility.ticketMatches("a".repeat(60))).isFalse();
            assertThat(eligibility.ticketMatches("aaab")).isTrue();
        }
    }
}
