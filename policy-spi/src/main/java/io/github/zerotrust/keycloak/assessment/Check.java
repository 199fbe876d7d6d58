package io.github.zerotrust.keycloak.assessment;

import java.util.Objects;
import java.util.Optional;

/**
 * One check of the catalogue.
 *
 * @param id     stable (stored in history, read by scripts): kebab case
 * @param stage  the roadmap stage it belongs to
 * @param weight how much it counts in the score, 1 to 10
 * @param title  what a good realm does, in a line
 * @param why    why it matters, in a sentence
 * @param fix    how to fix it, in a sentence
 * @param guide  where the walk-through explains it (a README section)
 * @param template the template whose rules fix it ({@code foundation}), if one does
 */
public record Check(String id, Stage stage, int weight, String title, String why, String fix, String guide, Optional<String> template) {

    public Check {
        Objects.requireNonNull(id);
        Objects.requireNonNull(stage);
        Objects.requireNonNull(template);
        if (weight < 1 || weight > 10) {
            throw new IllegalArgumentException("a check's weight is 1 to 10, not " + weight);
        }
    }

    /** A check no template fixes. */
    public Check(String id, Stage stage, int weight, String title, String why, String fix, String guide) {
        this(id, stage, weight, title, why, fix, guide, Optional.empty());
    }

    Finding pass(String evidence) {
        return new Finding(this, CheckStatus.PASS, evidence);
    }

    Finding partial(String evidence) {
        return new Finding(this, CheckStatus.PARTIAL, evidence);
    }

    Finding fail(String evidence) {
        return new Finding(this, CheckStatus.FAIL, evidence);
    }

    Finding notApplicable(String evidence) {
        return new Finding(this, CheckStatus.NOT_APPLICABLE, evidence);
    }
}
