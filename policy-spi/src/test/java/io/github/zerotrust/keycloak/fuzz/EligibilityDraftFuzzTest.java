package io.github.zerotrust.keycloak.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.zerotrust.keycloak.elevation.Eligibility;
import io.github.zerotrust.keycloak.elevation.EligibilityDraft;
import io.github.zerotrust.keycloak.elevation.ElevationException;
import java.time.Duration;
import java.time.Instant;

/**
 * Eligibility bodies as the admin API hands their text to the core: problems listed, or
 * ElevationException; and a user's ticket matched against the admin's pattern, without a hang. The
 * ticket pattern is an admin's regular expression by design, so Jazzer's regex-injection sanitizer is
 * off for its runs (pom.xml, fuzz.sh); a pattern the JDK cannot compile is a listed problem.
 */
class EligibilityDraftFuzzTest {

    @FuzzTest(maxDuration = "1s")
    void listsProblemsOrBuildsNeverCrashes(FuzzedDataProvider data) {
        EligibilityDraft draft = Eligibility.draft()
                .role(data.consumeString(300))
                .ticketMode(data.consumeString(20))
                .stepUp(data.consumeString(20))
                .ticketPattern(data.consumeBoolean() ? data.consumeString(300) : null)
                .approvalsRequired(data.consumeInt())
                .approverGroup(data.consumeBoolean() ? data.consumeString(60) : null)
                .justificationRequired(data.consumeBoolean())
                .maxDuration(Duration.ofSeconds(data.consumeLong(-1_000_000, 1_000_000)))
                .stepUpMaxAge(Duration.ofSeconds(data.consumeLong(-1_000_000, 1_000_000)))
                .endsAt(data.consumeBoolean() ? Instant.ofEpochSecond(data.consumeLong(0, 4_102_444_800L)) : null);
        String ticket = data.consumeRemainingAsString();
        var problems = draft.problems();
        Eligibility eligibility;
        try {
            eligibility = draft.build();
            assertThat(problems).isEmpty();
        } catch (ElevationException refused) {
            assertThat(problems).isNotEmpty();
            return;
        }
        // A user's ticket against the admin's pattern: bounded, so it returns whatever the pattern.
        eligibility.ticketMatches(ticket.length() > 100 ? ticket.substring(0, 100) : ticket);
    }

    /** Entry point of Jazzer's own driver, for the long runs (see the README). */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        new EligibilityDraftFuzzTest().listsProblemsOrBuildsNeverCrashes(data);
    }
}
