package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.policy.LockoutGuard.Allowed;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Asked;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Factor;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Person;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Refused;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Result;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Standing;
import io.github.zerotrust.keycloak.policy.LockoutGuard.Untouched;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LockoutGuardTest {

    static final LockoutGuard.Outcome DENIED = new Refused("deny-everywhere", "access denied");
    static final LockoutGuard.Outcome IN = new Allowed();

    static Person person(String name, LockoutGuard.Outcome outcome, Standing... standings) {
        return new Person(name + "-id", name, Set.of(standings), outcome);
    }

    @Test
    void aChangeThatRefusesEveryTouchedAdminIsRefusedNamingEachOfThem() {
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("alice", DENIED, Standing.REALM_ADMIN),
                person("bob", DENIED, Standing.REALM_ADMIN), person("root", new Untouched("signs in to master"), Standing.MASTER_ADMIN)));

        assertThat(verdict.result()).isEqualTo(Result.REFUSE);
        assertThat(verdict.reasons()).singleElement().asString().contains("every admin of the realm (2)", "alice", "bob",
                "deny-everywhere").doesNotContain("root");
    }

    @Test
    void oneAdminStillLetInSavesTheChangeWhenNoBreakGlassAccountAndNotTheCallerIsRefused() {
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("alice", IN, Standing.REALM_ADMIN, Standing.CALLER),
                person("bob", DENIED, Standing.REALM_ADMIN)));

        assertThat(verdict.result()).isEqualTo(Result.ALLOW);
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void anyRefusedBreakGlassAccountRefusesTheChangeEvenWhenEveryAdminIsLetIn() {
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("alice", IN, Standing.REALM_ADMIN, Standing.CALLER),
                person("glass", DENIED, Standing.BREAK_GLASS)));

        assertThat(verdict.result()).isEqualTo(Result.REFUSE);
        assertThat(verdict.reasons()).singleElement().asString().contains("break-glass account glass");
    }

    @Test
    void aChangeThatRefusesTheCallerIsRefusedEvenWhenAnotherAdminIsLetIn() {
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("alice", DENIED, Standing.REALM_ADMIN, Standing.CALLER),
                person("bob", IN, Standing.REALM_ADMIN)));

        assertThat(verdict.result()).isEqualTo(Result.REFUSE);
        assertThat(verdict.reasons()).singleElement().asString().startsWith("it would refuse you, alice");
    }

    @Test
    void aStaffMemberRefusedIsNoReasonToRefuse() {
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("alice", IN, Standing.CALLER, Standing.REALM_ADMIN),
                new Person("staff-id", "staff", Set.of(), DENIED)));

        assertThat(verdict.result()).isEqualTo(Result.ALLOW);
    }

    @Test
    void beingAskedForAnUnregisteredFactorWarnsAndARegisteredOneDoesNot() {
        Asked unregistered = new Asked(List.of(new Factor("auth-otp-form", Optional.of("otp"), false)));
        Asked registered = new Asked(List.of(new Factor("auth-otp-form", Optional.of("otp"), true)));

        LockoutGuard.Verdict warned = LockoutGuard.judge(List.of(person("alice", unregistered, Standing.CALLER)));
        LockoutGuard.Verdict quiet = LockoutGuard.judge(List.of(person("alice", registered, Standing.CALLER)));

        assertThat(warned.result()).isEqualTo(Result.WARN);
        assertThat(warned.warnings()).singleElement().asString().contains("alice", "otp", "auth-otp-form");
        assertThat(quiet.result()).isEqualTo(Result.ALLOW);
        assertThat(quiet.warnings()).isEmpty();
    }

    @Test
    void aRefusalOutweighsAWarning() {
        Asked unregistered = new Asked(List.of(new Factor("auth-otp-form", Optional.of("otp"), false)));
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("alice", unregistered, Standing.CALLER),
                person("glass", DENIED, Standing.BREAK_GLASS)));

        assertThat(verdict.result()).isEqualTo(Result.REFUSE);
        assertThat(verdict.warnings()).isEmpty();
    }

    @Test
    void noTouchedAdminAtAllIsNotEveryAdminRefused() {
        LockoutGuard.Verdict verdict = LockoutGuard.judge(List.of(person("root", new Untouched("master"), Standing.MASTER_ADMIN,
                Standing.CALLER), new Person("staff-id", "staff", Set.of(), DENIED)));

        assertThat(verdict.result()).isEqualTo(Result.ALLOW);
    }

    @Test
    void theReportOnlyKeyOfEachStepThatHasOne() {
        assertThat(StepKinds.reportOnlyKey("zt-condition-country")).contains("report_only");
        assertThat(StepKinds.reportOnlyKey("zt-require-strength")).contains("zt.strength.report-only");
        assertThat(StepKinds.reportOnlyKey("zt-condition-applies-to")).contains("zt.applies-to.report-only");
        assertThat(StepKinds.reportOnlyKey("zt-deny-access")).isEmpty();
        assertThat(StepKinds.reportOnlyKey(null)).isEmpty();
    }
}
