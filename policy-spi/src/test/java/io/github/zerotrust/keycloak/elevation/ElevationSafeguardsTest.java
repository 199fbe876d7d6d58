package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The realm's guards: read once, defaults pinned, limits clamped, nothing thrown. */
class ElevationSafeguardsTest {

    @Test
    void theDefaultsListNoAppAskAFreshMfaForApprovalsAndLimitRequestsAndMails() {
        ElevationSafeguards d = ElevationSafeguards.defaults();

        assertThat(d).isEqualTo(new ElevationSafeguards(Set.of(), Strength.MFA, Duration.ofMinutes(15), 3, 20));
        assertThat(ElevationSafeguards.parse(Map.of())).isEqualTo(d);
        assertThat(d.allows("test-app")).as("no app listed: no token may").isFalse();
        assertThat(d.allows(null)).isFalse();
    }

    @Test
    void readsEveryKey() {
        ElevationSafeguards s = ElevationSafeguards.parse(Map.of(
                ElevationSafeguards.ALLOWED_CLIENTS, " admin-portal , ops-cli;\nrunbook ",
                ElevationSafeguards.APPROVAL_STEP_UP, "phr",
                ElevationSafeguards.APPROVAL_STEP_UP_MAX_AGE_MINUTES, "5",
                ElevationSafeguards.MAX_PENDING_REQUESTS, "1",
                ElevationSafeguards.MAX_APPROVERS_MAILED, "2"));

        assertThat(s.allowedClients()).containsExactlyInAnyOrder("admin-portal", "ops-cli", "runbook");
        assertThat(s.allows("ops-cli")).isTrue();
        assertThat(s.allows("other")).isFalse();
        assertThat(s.approvalStepUp()).isEqualTo(Strength.PHISHING_RESISTANT);
        assertThat(s.approvalStepUpMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxPendingRequests()).isEqualTo(1);
        assertThat(s.maxApproversMailed()).isEqualTo(2);
    }

    @Test
    void badValuesFallBackOrAreClampedAndSaySo() {
        ElevationSafeguards.Parsed parsed = ElevationSafeguards.read(Map.of(
                ElevationSafeguards.APPROVAL_STEP_UP, "password",
                ElevationSafeguards.APPROVAL_STEP_UP_MAX_AGE_MINUTES, "0",
                ElevationSafeguards.MAX_PENDING_REQUESTS, "1000",
                ElevationSafeguards.MAX_APPROVERS_MAILED, "many"));

        assertThat(parsed.safeguards()).isEqualTo(new ElevationSafeguards(Set.of(), Strength.MFA, Duration.ofMinutes(1), 20, 20));
        assertThat(parsed.problems()).hasSize(4);
    }

    @Test
    void oneWaitingRequestPerRoleAndNoMoreThanTheLimitInAll() {
        ElevationSafeguards d = ElevationSafeguards.defaults();

        assertThat(d.refusalOfAnotherRequest(0, false)).isNull();
        assertThat(d.refusalOfAnotherRequest(2, false)).isNull();
        assertThat(d.refusalOfAnotherRequest(3, false)).isEqualTo(Refusal.TOO_MANY_PENDING);
        assertThat(d.refusalOfAnotherRequest(1, true)).isEqualTo(Refusal.ALREADY_PENDING);
    }
}
