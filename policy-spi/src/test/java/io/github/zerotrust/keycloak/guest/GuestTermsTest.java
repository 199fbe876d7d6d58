package io.github.zerotrust.keycloak.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuestTermsTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final GuestSettings SETTINGS = GuestSettings.parse(Map.of());

    static GuestTerms.Checked check(GuestTerms.Sponsor sponsor, String endsAt) {
        return GuestTerms.check(sponsor, "sponsor-1", endsAt, NOW, SETTINGS);
    }

    @Test
    void aKnownSponsorAndAFutureEndWithinTheLimitAreTaken() {
        GuestTerms.Checked checked = check(GuestTerms.Sponsor.FOUND, "2027-03-31T17:00:00Z");
        assertThat(checked.problems()).isEmpty();
        assertThat(checked.terms()).contains(new GuestTerms("sponsor-1", Instant.parse("2027-03-31T17:00:00Z")));
    }

    @Test
    void anEndInThePastIsRefused() {
        assertThat(check(GuestTerms.Sponsor.FOUND, "2026-12-02T09:59:59Z").problems())
                .containsExactly("endsAt: it is in the past; access ends at a future time");
        assertThat(check(GuestTerms.Sponsor.FOUND, NOW.toString()).terms()).isEmpty();
    }

    @Test
    void anEndMoreThanTheLimitAheadIsRefused() {
        assertThat(check(GuestTerms.Sponsor.FOUND, NOW.plus(Duration.ofDays(180)).toString()).problems()).isEmpty();
        assertThat(check(GuestTerms.Sponsor.FOUND, NOW.plus(Duration.ofDays(180)).plusSeconds(1).toString()).problems())
                .containsExactly("endsAt: more than 180 days ahead (zt.guests.max-days)");
    }

    @Test
    void everySponsorProblemIsNamed() {
        assertThat(check(GuestTerms.Sponsor.UNKNOWN, "2027-01-01T00:00:00Z").problems()).containsExactly("sponsor: no such user in this realm");
        assertThat(check(GuestTerms.Sponsor.GUEST, "2027-01-01T00:00:00Z").problems()).containsExactly("sponsor: a guest cannot sponsor a guest");
        assertThat(check(GuestTerms.Sponsor.SELF, "2027-01-01T00:00:00Z").problems()).containsExactly("sponsor: a guest cannot sponsor himself");
        assertThat(check(GuestTerms.Sponsor.MISSING, "2027-01-01T00:00:00Z").problems()).containsExactly("sponsor: name the sponsor's user id");
        assertThat(check(GuestTerms.Sponsor.NOT_A_PERSON, "2027-01-01T00:00:00Z").terms()).isEmpty();
    }

    @Test
    void allProblemsComeAtOnce() {
        assertThat(check(GuestTerms.Sponsor.UNKNOWN, "next tuesday").problems()).containsExactly(
                "sponsor: no such user in this realm", "endsAt: not an ISO-8601 instant such as 2027-03-31T17:00:00Z");
        assertThat(check(GuestTerms.Sponsor.FOUND, null).problems()).hasSize(1);
    }

    @Test
    void settingsHaveDefaultsAndAreClamped() {
        assertThat(SETTINGS).isEqualTo(new GuestSettings("/guests", 180, 7));
        assertThat(GuestSettings.parse(Map.of("zt.guests.group", "partners", "zt.guests.max-days", "99999",
                "zt.guests.notice-days", "-3"))).isEqualTo(new GuestSettings("/partners", 3650, 0));
        assertThat(GuestSettings.isPartner(Map.of("zt.partner", "true"))).isTrue();
        assertThat(GuestSettings.isPartner(Map.of("zt.partner", "yes"))).isFalse();
        assertThat(GuestSettings.isPartner(Map.of())).isFalse();
    }

    @Test
    void noticesComeBeforeAndAfterTheEndEachOncePerEndDate() {
        Instant end = NOW.plus(Duration.ofDays(10));
        Guest guest = new Guest(Guest.Source.PARTNER, Optional.of("sponsor-1"), Optional.of(end), true);
        assertThat(GuestNotice.due(guest, NOW, SETTINGS, Optional.empty(), Optional.empty())).isEmpty();
        Instant inside = end.minus(Duration.ofDays(7));
        assertThat(GuestNotice.due(guest, inside, SETTINGS, Optional.empty(), Optional.empty())).contains(GuestNotice.ENDING_SOON);
        assertThat(GuestNotice.due(guest, inside, SETTINGS, Optional.of(end), Optional.empty())).isEmpty();
        assertThat(GuestNotice.due(guest, inside, SETTINGS, Optional.of(end.minusSeconds(60)), Optional.empty()))
                .as("a notice sent for an earlier end date").contains(GuestNotice.ENDING_SOON);
        assertThat(GuestNotice.due(guest, end, SETTINGS, Optional.of(end), Optional.empty())).contains(GuestNotice.ENDED);
        assertThat(GuestNotice.due(guest, end.plusSeconds(5), SETTINGS, Optional.of(end), Optional.of(end))).isEmpty();
        assertThat(GuestNotice.due(guest, inside, new GuestSettings("/guests", 180, 0), Optional.empty(), Optional.empty()))
                .as("notice days 0: nothing before").isEmpty();
    }
}
