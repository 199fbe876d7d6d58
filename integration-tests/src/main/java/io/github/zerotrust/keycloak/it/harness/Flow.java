package io.github.zerotrust.keycloak.it.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An authentication flow as realm JSON: top-level or sub-flow, its executions and their configs. */
public final class Flow {

    private record Step(String requirement, String authenticator, Flow subFlow, String configAlias, Map<String, String> config) {
    }

    private final String alias;
    private final boolean topLevel;
    private final List<Step> steps = new ArrayList<>();

    private Flow(String alias, boolean topLevel) {
        this.alias = alias;
        this.topLevel = topLevel;
    }

    public static Flow topLevel(String alias) {
        return new Flow(alias, true);
    }

    public static Flow sub(String alias) {
        return new Flow(alias, false);
    }

    public Flow required(String authenticator) {
        return step("REQUIRED", authenticator, null, null, null);
    }

    public Flow required(String authenticator, String configAlias, Map<String, String> config) {
        return step("REQUIRED", authenticator, null, configAlias, config);
    }

    public Flow alternative(String authenticator) {
        return step("ALTERNATIVE", authenticator, null, null, null);
    }

    public Flow alternative(String authenticator, String configAlias, Map<String, String> config) {
        return step("ALTERNATIVE", authenticator, null, configAlias, config);
    }

    public Flow required(Flow subFlow) {
        return step("REQUIRED", null, subFlow, null, null);
    }

    public Flow alternative(Flow subFlow) {
        return step("ALTERNATIVE", null, subFlow, null, null);
    }

    public Flow conditional(Flow subFlow) {
        return step("CONDITIONAL", null, subFlow, null, null);
    }

    public String alias() {
        return alias;
    }

    private Flow step(String requirement, String authenticator, Flow subFlow, String configAlias, Map<String, String> config) {
        steps.add(new Step(requirement, authenticator, subFlow, configAlias, config));
        return this;
    }

    /** Adds this flow, its sub-flows and their configs to a realm representation. */
    void writeTo(ArrayNode flows, ArrayNode configs) {
        ObjectNode flow = flows.addObject();
        flow.put("alias", alias);
        flow.put("providerId", "basic-flow");
        flow.put("topLevel", topLevel);
        flow.put("builtIn", false);
        ArrayNode executions = flow.putArray("authenticationExecutions");
        int priority = 10;
        for (Step step : steps) {
            ObjectNode e = executions.addObject();
            e.put("requirement", step.requirement());
            e.put("priority", priority);
            e.put("userSetupAllowed", false);
            priority += 10;
            if (step.subFlow() != null) {
                e.put("authenticatorFlow", true);
                e.put("flowAlias", step.subFlow().alias);
                step.subFlow().writeTo(flows, configs);
            } else {
                e.put("authenticatorFlow", false);
                e.put("authenticator", step.authenticator());
                if (step.configAlias() != null) {
                    e.put("authenticatorConfig", step.configAlias());
                    ObjectNode c = configs.addObject();
                    c.put("alias", step.configAlias());
                    c.set("config", Json.MAPPER.valueToTree(step.config()));
                }
            }
        }
    }

    /** Keycloak's standard sign-in: SSO cookie, or the username and password form. */
    public static Flow standardSignIn(String prefix) {
        return sub(prefix + " sign-in")
                .alternative("auth-cookie")
                .alternative(sub(prefix + " forms").required("auth-username-password-form"));
    }
}
