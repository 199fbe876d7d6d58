package io.github.zerotrust.keycloak.risk;

import static io.github.zerotrust.keycloak.risk.SignIns.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AssessmentTest {

    private final Assessment risky = new Assessment(85, RiskLevel.HIGH, List.of(
            new RiskReason("new-device", "no recognised device", 25),
            new RiskReason("impossible-travel", "16 994 km in 59 min (17 282 km/h) since the sign-in from GB", 60)),
            NOW);

    @Test
    void namesReasonsForTheEventDetail() {
        assertThat(risky.reasonNames()).isEqualTo("new-device,impossible-travel");
        assertThat(Assessment.EVENT_REASONS).isEqualTo("zt_risk_reasons");
        assertThat(Assessment.EVENT_SCORE).isEqualTo("zt_risk_score");
        assertThat(Assessment.EVENT_LEVEL).isEqualTo("zt_risk_level");
    }

    @Test
    void noteIsCompactAndReadsBack() {
        String note = risky.toNote();

        assertThat(note).startsWith("zt1;85;HIGH;2026-06-10T10:00:00Z;new-device:25:no+recognised+device;");
        assertThat(Assessment.fromNote(note)).contains(risky);
    }

    @Test
    void noteWithoutReasonsReadsBack() {
        var calm = new Assessment(0, RiskLevel.LOW, List.of(), Instant.parse("2026-06-10T10:00:00.123456789Z"));

        assertThat(Assessment.fromNote(calm.toNote())).contains(calm);
    }

    @Test
    void randomAssessmentsReadBack() {
        Random random = new Random(7);
        String alphabet = "abc XYZ 09 ;:%+,=&\u00e9\u2013/()";
        String[] names = {"new-device", "new-country", "impossible-travel", "unusual-hour", "device-threat"};
        for (int i = 0; i < 2_000; i++) {
            List<RiskReason> reasons = new ArrayList<>();
            for (int r = random.nextInt(6); r > 0; r--) {
                StringBuilder detail = new StringBuilder();
                for (int c = random.nextInt(40); c > 0; c--) {
                    detail.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                reasons.add(new RiskReason(names[random.nextInt(names.length)], detail.toString(), random.nextInt(101)));
            }
            var assessment = new Assessment(random.nextInt(101), RiskLevel.values()[random.nextInt(3)], reasons,
                    Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000)));

            assertThat(Assessment.fromNote(assessment.toNote())).contains(assessment);
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "garbage",
        "zt1",
        "zt1;85;HIGH",
        "zt0;85;HIGH;2026-06-10T10:00:00Z",
        "zt1;101;HIGH;2026-06-10T10:00:00Z",
        "zt1;-1;LOW;2026-06-10T10:00:00Z",
        "zt1;eighty;HIGH;2026-06-10T10:00:00Z",
        "zt1;85;high;2026-06-10T10:00:00Z",
        "zt1;85;SEVERE;2026-06-10T10:00:00Z",
        "zt1;85;HIGH;yesterday",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;new-device",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;new-device:25",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;new-device:25:a:b",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;new-device:x:a",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;new-device:250:a",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;New Device:25:a",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;new-device:25:%zz",
        "zt1;85;HIGH;2026-06-10T10:00:00Z;;",
    })
    void garbageNoteIsEmpty(String note) {
        assertThat(Assessment.fromNote(note)).isEmpty();
    }

    @Test
    void overlongNoteIsEmpty() {
        assertThat(Assessment.fromNote("zt1;0;LOW;2026-06-10T10:00:00Z" + ";a:1:b".repeat(2_000))).isEmpty();
    }
}
