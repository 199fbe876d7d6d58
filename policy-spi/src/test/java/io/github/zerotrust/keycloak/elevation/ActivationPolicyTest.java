package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ADMINS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE_AS_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.BOB;
import static io.github.zerotrust.keycloak.elevation.Fixtures.FRESH_MFA;
import static io.github.zerotrust.keycloak.elevation.Fixtures.MANAGE_USERS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static io.github.zerotrust.keycloak.elevation.Fixtures.REALM_ADMIN;
import static io.github.zerotrust.keycloak.elevation.Fixtures.aliceMayAdminister;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ask;
import static io.github.zerotrust.keycloak.elevation.Fixtures.mfaAgo;
import static io.github.zerotrust.keycloak.elevation.Fixtures.withApprovals;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationPolicyTest {

    private static final ActivationPolicy POLICY = new ActivationPolicy(ElevationSettings.defaults());
    private static final Duration HALF_HOUR = Duration.ofMinutes(30);

    private static Activation decide(Eligibility eligibility, ActivationRequest request) {
        return decide(List.of(eligibility), request, FRESH_MFA);
    }

    private static Activation decide(Collection<Eligibility> eligibilities, ActivationRequest request,
                                     Collection<RecentAuthentication> authentications) {
        return POLICY.decide(eligibilities, ALICE_AS_ADMIN, request, authentications, NOW);
    }

    private static Optional<Refusal> refusal(Eligibility eligibility, ActivationRequest request) {
        return decide(eligibility, request).refusal();
    }

    @Nested
    class Grant {

        @Test
        void grantsFromNowForTheAskedDuration() {
            Activation activation = decide(aliceMayAdminister().build(), ask(HALF_HOUR));
            assertThat(activation.outcome()).isEqualTo(Activation.Outcome.GRANTED);
            assertThat(activation.refusal()).isEmpty();
            assertThat(activation.decidedAt()).isEqualTo(NOW);
            assertThat(activation.end()).contains(NOW.plus(HALF_HOUR));
            assertThat(activation.userId()).isEqualTo(ALICE);
            assertThat(activation.eligibility()).map(Eligibility::role).contains(REALM_ADMIN);
        }

        @Test
        void grantsExactlyTheMaximumDuration() {
            Eligibility day = aliceMayAdminister().maxDuration(Duration.ofHours(24)).build();
            assertThat(decide(day, ask(Duration.ofHours(24))).end()).contains(NOW.plus(Duration.ofHours(24)));
            assertThat(decide(aliceMayAdminister().build(), ask(Duration.ofHours(1))).isGranted()).isTrue();
        }

        @Test
        void cutsAnActivationAtTheEligibilitysEndRatherThanRefusingIt() {
            Eligibility ending = aliceMayAdminister().endsAt(NOW.plusSeconds(600)).build();
            Activation activation = decide(ending, ask(HALF_HOUR));
            assertThat(activation.isGranted()).isTrue();
            assertThat(activation.end()).contains(NOW.plusSeconds(600));
            assertThat(activation.request().duration()).as("what was asked is kept").isEqualTo(HALF_HOUR);
        }

        @Test
        void cleansTheJustification() {
            Activation activation = decide(aliceMayAdminister().build(),
                    ActivationRequest.of(REALM_ADMIN, HALF_HOUR, "  restore\r\nthe payroll client\t"));
            assertThat(activation.request().justification()).isEqualTo("restore  the payroll client");
        }

        @Test
        void aJustificationIsOptionalWhenNotRequired() {
            Eligibility eligibility = aliceMayAdminister().justificationRequired(false).build();
            assertThat(decide(eligibility, ActivationRequest.of(REALM_ADMIN, HALF_HOUR, null)).isGranted()).isTrue();
            assertThat(decide(eligibility, ActivationRequest.of(REALM_ADMIN, HALF_HOUR, " \n ")).isGranted()).isTrue();
        }

        @Test
        void needsApprovalWhenTheEligibilityAsksForIt() {
            Activation activation = decide(withApprovals(1), ask(HALF_HOUR));
            assertThat(activation.outcome()).isEqualTo(Activation.Outcome.NEEDS_APPROVAL);
            assertThat(activation.needsApproval()).isTrue();
            assertThat(activation.end()).as("the window starts at the approval").isEmpty();
        }

        @Test
        void aGroupEligibilityCoversItsMembers() {
            Eligibility admins = aliceMayAdminister().principal(Principal.group(ADMINS)).build();
            assertThat(POLICY.decide(List.of(admins), Actor.of(BOB, ADMINS), ask(HALF_HOUR), FRESH_MFA, NOW)
                    .isGranted()).isTrue();
        }
    }

    @Nested
    class Eligible {

        @Test
        void refusesWithoutAnEligibility() {
            Activation activation = decide(List.of(), ask(HALF_HOUR), FRESH_MFA);
            assertThat(activation.refusal()).contains(Refusal.NOT_ELIGIBLE);
            assertThat(activation.eligibility()).isEmpty();
        }

        @Test
        void refusesARoleTheUserIsNotEligibleFor() {
            assertThat(refusal(aliceMayAdminister().build(), ActivationRequest.of(MANAGE_USERS, HALF_HOUR, "why")))
                    .contains(Refusal.NOT_ELIGIBLE);
        }

        @Test
        void refusesAnotherUsersEligibility() {
            Eligibility bobs = aliceMayAdminister().principal(Principal.user(BOB)).build();
            assertThat(refusal(bobs, ask(HALF_HOUR))).contains(Refusal.NOT_ELIGIBLE);
        }

        @Test
        void refusesAGroupEligibilityToANonMember() {
            Eligibility others = aliceMayAdminister().principal(Principal.group("group-others")).build();
            assertThat(refusal(others, ask(HALF_HOUR))).contains(Refusal.NOT_ELIGIBLE);
        }

        @Test
        void refusesOnceTheEligibilityHasEndedEvenExactlyNow() {
            assertThat(refusal(aliceMayAdminister().endsAt(NOW).build(), ask(HALF_HOUR)))
                    .contains(Refusal.ELIGIBILITY_ENDED);
            assertThat(refusal(aliceMayAdminister().endsAt(NOW.minusSeconds(1)).build(), ask(HALF_HOUR)))
                    .contains(Refusal.ELIGIBILITY_ENDED);
            assertThat(decide(aliceMayAdminister().endsAt(NOW.plusNanos(1)).build(), ask(HALF_HOUR)).end())
                    .contains(NOW.plusNanos(1));
        }

        @Test
        void theMostFavourableOfSeveralEligibilitiesWins() {
            Eligibility ended = aliceMayAdminister().endsAt(NOW).build();
            Eligibility approval = withApprovals(1);
            Eligibility strictStepUp = aliceMayAdminister().stepUp(Strength.PHISHING_RESISTANT).build();
            Eligibility direct = aliceMayAdminister().build();
            Eligibility group = aliceMayAdminister().principal(Principal.group(ADMINS))
                    .maxDuration(Duration.ofHours(2)).build();

            assertThat(decide(List.of(ended, approval, direct), ask(HALF_HOUR), FRESH_MFA).eligibility())
                    .contains(direct);
            assertThat(decide(List.of(ended, strictStepUp, approval), ask(HALF_HOUR), FRESH_MFA).outcome())
                    .isEqualTo(Activation.Outcome.NEEDS_APPROVAL);
            assertThat(decide(List.of(ended, strictStepUp), ask(HALF_HOUR), FRESH_MFA).refusal())
                    .as("a live eligibility's refusal says more than an ended one")
                    .contains(Refusal.STEP_UP_REQUIRED);
            assertThat(decide(List.of(direct, group), ask(Duration.ofMinutes(90)), FRESH_MFA).eligibility())
                    .as("only the group's allows 90 minutes").contains(group);
        }

        @Test
        void amongGrantsTheLatestEndingWins() {
            Eligibility ending = aliceMayAdminister().endsAt(NOW.plusSeconds(600)).build();
            Eligibility open = aliceMayAdminister().principal(Principal.group(ADMINS)).build();
            assertThat(decide(List.of(ending, open), ask(HALF_HOUR), FRESH_MFA).eligibility()).contains(open);
            assertThat(decide(List.of(open, ending), ask(HALF_HOUR), FRESH_MFA).eligibility()).contains(open);
        }
    }

    @Nested
    class Durations {

        @ParameterizedTest
        @ValueSource(longs = {0, -1, -3600, Long.MIN_VALUE / 2})
        void refusesADurationThatIsNotPositive(long seconds) {
            assertThat(refusal(aliceMayAdminister().build(), ask(Duration.ofSeconds(seconds))))
                    .contains(Refusal.DURATION_NOT_POSITIVE);
            assertThat(refusal(aliceMayAdminister().build(), ask(Duration.ofNanos(-1))))
                    .contains(Refusal.DURATION_NOT_POSITIVE);
        }

        @ParameterizedTest
        @CsvSource({"PT1H, PT1H1S", "PT1H, PT24H", "PT24H, PT24H1S", "PT24H, PT8760H", "PT5M, PT5M0.001S"})
        void refusesADurationOverTheMaximum(Duration maximum, Duration asked) {
            assertThat(refusal(aliceMayAdminister().maxDuration(maximum).build(), ask(asked)))
                    .contains(Refusal.DURATION_TOO_LONG);
        }

        @Test
        void refusesAHugeDurationWithoutOverflowing() {
            assertThat(refusal(aliceMayAdminister().build(), ask(Duration.ofSeconds(Long.MAX_VALUE))))
                    .contains(Refusal.DURATION_TOO_LONG);
        }
    }

    @Nested
    class Justifications {

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\n\t"})
        void refusesAMissingJustification(String justification) {
            assertThat(refusal(aliceMayAdminister().build(), ActivationRequest.of(REALM_ADMIN, HALF_HOUR, justification)))
                    .contains(Refusal.JUSTIFICATION_MISSING);
            assertThat(refusal(aliceMayAdminister().build(), ActivationRequest.of(REALM_ADMIN, HALF_HOUR, null)))
                    .contains(Refusal.JUSTIFICATION_MISSING);
        }

        @Test
        void acceptsFiveHundredCharactersAndRefusesMore() {
            Eligibility eligibility = aliceMayAdminister().build();
            assertThat(decide(eligibility, ActivationRequest.of(REALM_ADMIN, HALF_HOUR, "x".repeat(500))).isGranted())
                    .isTrue();
            assertThat(decide(eligibility, ActivationRequest.of(REALM_ADMIN, HALF_HOUR, " " + "x".repeat(500) + " "))
                    .isGranted()).as("counted after stripping").isTrue();
            assertThat(refusal(eligibility, ActivationRequest.of(REALM_ADMIN, HALF_HOUR, "x".repeat(501))))
                    .contains(Refusal.JUSTIFICATION_TOO_LONG);
        }

        @Test
        void theLengthLimitIsARealmSetting() {
            ActivationPolicy policy = new ActivationPolicy(ElevationSettings.parse(
                    Map.of(ElevationSettings.MAX_JUSTIFICATION_LENGTH, "20")));
            ActivationRequest request = ActivationRequest.of(REALM_ADMIN, HALF_HOUR, "x".repeat(21));
            assertThat(policy.decide(List.of(aliceMayAdminister().build()), ALICE_AS_ADMIN, request, FRESH_MFA, NOW)
                    .refusal()).contains(Refusal.JUSTIFICATION_TOO_LONG);
        }

        @ParameterizedTest
        @ValueSource(strings = {"fix\u0000it", "fix\u001B[31mit", "fix\u007Fit", "fix\u202Eti", "fix\uD800it"})
        void refusesControlCharactersEvenWhenNoJustificationIsRequired(String justification) {
            assertThat(refusal(aliceMayAdminister().build(), ActivationRequest.of(REALM_ADMIN, HALF_HOUR, justification)))
                    .contains(Refusal.JUSTIFICATION_MALFORMED);
            assertThat(refusal(aliceMayAdminister().justificationRequired(false).build(),
                    ActivationRequest.of(REALM_ADMIN, HALF_HOUR, justification))).contains(Refusal.JUSTIFICATION_MALFORMED);
        }
    }

    @Nested
    class Tickets {

        private final Eligibility required = aliceMayAdminister().ticketMode(TicketMode.REQUIRED)
                .ticketPattern("(INC|CHG)-\\d{4,8}").build();
        private final Eligibility optional = aliceMayAdminister().ticketMode(TicketMode.OPTIONAL)
                .ticketPattern("(INC|CHG)-\\d{4,8}").build();

        @Test
        void refusesAMissingRequiredTicket() {
            assertThat(refusal(required, ask(HALF_HOUR))).contains(Refusal.TICKET_MISSING);
            assertThat(refusal(required, ask(HALF_HOUR).withTicket("  "))).contains(Refusal.TICKET_MISSING);
        }

        @Test
        void keepsAMatchingTicketStripped() {
            Activation activation = decide(required, ask(HALF_HOUR).withTicket(" INC-4242 "));
            assertThat(activation.isGranted()).isTrue();
            assertThat(activation.request().ticket()).contains("INC-4242");
        }

        @ParameterizedTest
        @ValueSource(strings = {"INC-42", "inc-4242", "INC-4242 please", "see INC-4242", "INC-4242\u0000", "INC-\u202E4242"})
        void refusesAMalformedTicketWhetherRequiredOrOptional(String ticket) {
            assertThat(refusal(required, ask(HALF_HOUR).withTicket(ticket))).contains(Refusal.TICKET_MALFORMED);
            assertThat(refusal(optional, ask(HALF_HOUR).withTicket(ticket))).contains(Refusal.TICKET_MALFORMED);
        }

        @Test
        void refusesATicketOverAHundredCharactersEvenWithoutAPattern() {
            Eligibility any = aliceMayAdminister().ticketMode(TicketMode.REQUIRED).build();
            assertThat(decide(any, ask(HALF_HOUR).withTicket("T".repeat(100))).isGranted()).isTrue();
            assertThat(refusal(any, ask(HALF_HOUR).withTicket("T".repeat(101)))).contains(Refusal.TICKET_MALFORMED);
        }

        @Test
        void anOptionalTicketMayBeLeftOut() {
            Activation activation = decide(optional, ask(HALF_HOUR));
            assertThat(activation.isGranted()).isTrue();
            assertThat(activation.request().ticket()).isEmpty();
        }

        @Test
        void aTicketNobodyAskedForIsDropped() {
            Activation activation = decide(aliceMayAdminister().build(), ask(HALF_HOUR).withTicket("anything\u0000"));
            assertThat(activation.isGranted()).isTrue();
            assertThat(activation.request().ticket()).isEmpty();
        }
    }

    @Nested
    class StepUp {

        @Test
        void refusesWithoutAnyRecentAuthentication() {
            assertThat(decide(List.of(aliceMayAdminister().build()), ask(HALF_HOUR), List.of()).refusal())
                    .contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void acceptsAnMfaExactlyAtTheMaximumAgeAndRefusesOneASecondOlder() {
            Eligibility eligibility = aliceMayAdminister().build();
            assertThat(decide(List.of(eligibility), ask(HALF_HOUR), mfaAgo(Duration.ofMinutes(15))).isGranted()).isTrue();
            assertThat(decide(List.of(eligibility), ask(HALF_HOUR), mfaAgo(Duration.ofMinutes(15).plusSeconds(1)))
                    .refusal()).contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void theMaximumAgeIsTheEligibilitys() {
            Eligibility strict = aliceMayAdminister().stepUpMaxAge(Duration.ofMinutes(2)).build();
            assertThat(decide(List.of(strict), ask(HALF_HOUR), mfaAgo(Duration.ofMinutes(3))).refusal())
                    .contains(Refusal.STEP_UP_REQUIRED);
            assertThat(decide(List.of(strict), ask(HALF_HOUR), mfaAgo(Duration.ofMinutes(2))).isGranted()).isTrue();
        }

        @Test
        void aPasswordIsNotAStepUp() {
            assertThat(decide(List.of(aliceMayAdminister().build()), ask(HALF_HOUR),
                    List.of(new RecentAuthentication(Strength.NONE, NOW))).refusal()).contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void phishingResistantSatisfiesMfaButNotTheOtherWay() {
            List<RecentAuthentication> key = List.of(new RecentAuthentication(Strength.PHISHING_RESISTANT, NOW));
            assertThat(decide(List.of(aliceMayAdminister().build()), ask(HALF_HOUR), key).isGranted()).isTrue();
            Eligibility phr = aliceMayAdminister().stepUp(Strength.PHISHING_RESISTANT).build();
            assertThat(decide(List.of(phr), ask(HALF_HOUR), key).isGranted()).isTrue();
            assertThat(decide(List.of(phr), ask(HALF_HOUR), mfaAgo(Duration.ZERO)).refusal())
                    .contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void anyLevelTheSessionHoldsMayMeetTheStepUp() {
            List<RecentAuthentication> session = List.of(
                    new RecentAuthentication(Strength.PHISHING_RESISTANT, NOW.minus(Duration.ofHours(3))),
                    new RecentAuthentication(Strength.MFA, NOW.minus(Duration.ofMinutes(2))));
            assertThat(decide(List.of(aliceMayAdminister().build()), ask(HALF_HOUR), session).isGranted()).isTrue();
            Eligibility phr = aliceMayAdminister().stepUp(Strength.PHISHING_RESISTANT).build();
            assertThat(decide(List.of(phr), ask(HALF_HOUR), session).refusal()).contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void anAuthenticationStampedSlightlyInTheFutureByAnotherNodeCountsAsFresh() {
            List<RecentAuthentication> session = List.of(new RecentAuthentication(Strength.MFA, NOW.plusSeconds(2)));
            assertThat(decide(List.of(aliceMayAdminister().build()), ask(HALF_HOUR), session).isGranted()).isTrue();
        }

        @Test
        void noStepUpDemandedNeedsNoAuthentication() {
            Eligibility none = aliceMayAdminister().stepUp(Strength.NONE).build();
            assertThat(decide(List.of(none), ask(HALF_HOUR), List.of()).isGranted()).isTrue();
        }
    }

    @Nested
    class Order {

        private final Eligibility demanding = aliceMayAdminister().ticketMode(TicketMode.REQUIRED)
                .stepUp(Strength.PHISHING_RESISTANT).build();

        @Test
        void checksTheInputBeforeAskingForAStepUp() {
            ActivationRequest everythingWrong = ActivationRequest.of(REALM_ADMIN, Duration.ZERO, "");
            assertThat(decide(List.of(demanding), everythingWrong, List.of()).refusal())
                    .contains(Refusal.DURATION_NOT_POSITIVE);
            assertThat(decide(List.of(demanding), ActivationRequest.of(REALM_ADMIN, HALF_HOUR, ""), List.of()).refusal())
                    .contains(Refusal.JUSTIFICATION_MISSING);
            assertThat(decide(List.of(demanding), ask(HALF_HOUR), List.of()).refusal()).contains(Refusal.TICKET_MISSING);
            assertThat(decide(List.of(demanding), ask(HALF_HOUR).withTicket("T-1"), List.of()).refusal())
                    .contains(Refusal.STEP_UP_REQUIRED);
        }

        @Test
        void eligibilityBeforeDuration() {
            Eligibility ended = aliceMayAdminister().endsAt(NOW).build();
            assertThat(refusal(ended, ask(Duration.ZERO))).contains(Refusal.ELIGIBILITY_ENDED);
        }

        @Test
        void aRefusalKeepsTheRequestAsAskedAndNamesTheEligibility() {
            ActivationRequest request = ActivationRequest.of(REALM_ADMIN, HALF_HOUR, "");
            Activation activation = decide(demanding, request);
            assertThat(activation.isRefused()).isTrue();
            assertThat(activation.request()).isEqualTo(request);
            assertThat(activation.eligibility()).contains(demanding);
            assertThat(activation.end()).isEmpty();
        }
    }

    @Test
    void decisionsDependOnlyOnTheGivenTime() {
        Instant later = NOW.plus(Duration.ofDays(400));
        Activation activation = POLICY.decide(List.of(aliceMayAdminister().build()), ALICE_AS_ADMIN, ask(HALF_HOUR),
                List.of(new RecentAuthentication(Strength.MFA, later)), later);
        assertThat(activation.end()).contains(later.plus(HALF_HOUR));
    }
}
