package io.github.zerotrust.keycloak.template;

import java.util.List;
import java.util.Optional;

/**
 * A roadmap template: what it is for, its parameters and its rules.
 *
 * @param id          stable id ({@code foundation}); listed in docs/ids.md
 * @param stage       the maturity stage it moves a realm to (the assessment's stage id)
 * @param version     bumped when the rules a template makes change; recorded at install
 */
public record Template(String id, String stage, int version, String title, String description,
                       List<TemplateParameter> parameters, List<TemplateRule> rules) {

    public Template {
        parameters = List.copyOf(parameters);
        rules = List.copyOf(rules);
    }

    public Optional<TemplateRule> rule(String ruleId) {
        return rules.stream().filter(r -> r.id().equals(ruleId)).findFirst();
    }
}
