package io.github.zerotrust.keycloak.assessment;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The score, 0 to 100: the weight the realm earned over the weight of the checks that apply, overall and per stage.
 * A stage with no check that applies has no score (empty), rather than 0 or 100.
 */
public record Score(int overall, Map<Stage, Optional<Integer>> byStage) {

    public Score {
        if (overall < 0 || overall > 100) {
            throw new IllegalArgumentException("a score is 0 to 100, not " + overall);
        }
        EnumMap<Stage, Optional<Integer>> copy = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            copy.put(stage, byStage.getOrDefault(stage, Optional.empty()));
        }
        byStage = java.util.Collections.unmodifiableMap(copy);
    }

    static Score of(List<Finding> findings) {
        Map<Stage, Optional<Integer>> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, percent(findings.stream().filter(f -> f.check().stage() == stage).toList()));
        }
        return new Score(percent(findings).orElse(0), stages);
    }

    /** Rounded half up, so a realm with one partial check of two equal ones scores 75, not 74. */
    private static Optional<Integer> percent(List<Finding> findings) {
        double earned = 0;
        int possible = 0;
        for (Finding f : findings) {
            if (f.status().counts()) {
                earned += f.check().weight() * f.status().credit();
                possible += f.check().weight();
            }
        }
        return possible == 0 ? Optional.empty() : Optional.of((int) Math.round(100 * earned / possible));
    }
}
