package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuestAccessRuleTest {

    static final Instant TOMORROW = Facts.NOW.plusSeconds(86_400);

    static Decision decide(Who who, Map<String, String> config) {
        return StepKinds.GUEST_ACCESS.decide(Facts.anywhere().withWho(Optional.of(who)), null, config);
    }

    @Test
    void aMemberOfTheOrganisationPasses() {
        Decision d = decide(Facts.alice(), Map.of());
        assertThat(d.acts()).isFalse();
        assertThat(d.verdict().reason()).isEqualTo(Reason.NOT_A_GUEST);
    }

    @Test
    void aGuestWithASponsorBeforeHisEndDatePasses() {
        Decision d = decide(Facts.guest(Optional.of("sponsor-1"), Optional.of(TOMORROW), true), Map.of());
        assertThat(d.acts()).isFalse();
        assertThat(d.verdict().detail()).isEqualTo("guest (group) until 2026-11-30T10:00:00Z");
    }

    @Test
    void aGuestPastHisEndDateIsRefused() {
        Decision d = decide(Facts.guest(Optional.of("sponsor-1"), Optional.of(Facts.NOW), true), Map.of());
        assertThat(d.acts()).isTrue();
        assertThat(d.verdict().action()).contains(new Action.Deny(GuestAccessRule.ENDED_MESSAGE, List.of()));
        assertThat(d.verdict().reason()).isEqualTo(Reason.GUEST_ACCESS_ENDED);
    }

    @Test
    void aGuestPastHisEndDateIsRefusedEvenWhenMissingRecordsAreAllowed() {
        assertThat(decide(Facts.guest(Optional.empty(), Optional.of(Facts.NOW.minusSeconds(1)), true),
                Map.of("missing_record", "allow")).acts()).isTrue();
    }

    @Test
    void aGuestWithoutASponsorOrEndIsRefusedByDefault() {
        Decision noSponsor = decide(Facts.guest(Optional.empty(), Optional.of(TOMORROW), true), Map.of());
        Decision noEnd = decide(Facts.guest(Optional.of("sponsor-1"), Optional.empty(), true), Map.of());
        assertThat(noSponsor.verdict().action()).contains(new Action.Deny(GuestAccessRule.NOT_SET_UP_MESSAGE, List.of()));
        assertThat(noSponsor.verdict().detail()).isEqualTo("guest (group) with no sponsor");
        assertThat(noEnd.verdict().detail()).isEqualTo("guest (group) with no end date");
        assertThat(noEnd.acts()).isTrue();
    }

    @Test
    void aRecordTheGuestCouldEditHimselfCountsAsNone() {
        Decision d = decide(Facts.guest(Optional.of("sponsor-1"), Optional.of(TOMORROW), false), Map.of());
        assertThat(d.acts()).isTrue();
        assertThat(d.verdict().reason()).isEqualTo(Reason.GUEST_NOT_SET_UP);
    }

    @Test
    void anAdminMayChooseToLetGuestsWithoutARecordIn() {
        Decision d = decide(Facts.guest(Optional.empty(), Optional.empty(), true), Map.of("missing_record", "allow"));
        assertThat(d.acts()).isFalse();
        assertThat(d.verdict().reason()).isEqualTo(Reason.GUEST_NOT_SET_UP);
    }

    @Test
    void beforeTheUserIsKnownItFailsClosed() {
        Decision d = StepKinds.GUEST_ACCESS.decide(Facts.anywhere(), null, Map.of());
        assertThat(d.acts()).isTrue();
        assertThat(d.verdict().misconfigured()).isTrue();
    }

    @Test
    void theMissingRecordDefaultIsDeny() {
        assertThat(GuestAccessRule.Settings.parse(Map.of()).allowMissingRecord()).isFalse();
        assertThat(GuestAccessRule.Settings.parse(Map.of("missing_record", "something")).allowMissingRecord()).isFalse();
    }
}
