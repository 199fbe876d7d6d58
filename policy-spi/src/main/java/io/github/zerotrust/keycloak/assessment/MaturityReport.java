package io.github.zerotrust.keycloak.assessment;

import java.util.List;

/** The realm's findings, one per check in catalogue order, and its score. */
public record MaturityReport(List<Finding> findings, Score score) {

    public MaturityReport {
        findings = List.copyOf(findings);
    }
}
