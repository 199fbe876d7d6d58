package io.github.zerotrust.keycloak.authn.signals;

import io.github.zerotrust.keycloak.signals.Plan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What carrying out a plan did, counted: the answer of a containment call and the details of its event. A
 * second run of the same plan counts zeros (every action is idempotent).
 */
public record Outcome(Plan plan, int sessionsEnded, int offlineSessionsEnded, boolean tokensRevoked, boolean userDisabled,
                      boolean passwordRemoved, int factorsRemoved, boolean deviceRetired, int clientSessionsEnded,
                      List<String> problems) {

    public Outcome {
        problems = List.copyOf(problems);
    }

    /** Whether anything changed. */
    public boolean changedAnything() {
        return sessionsEnded > 0 || offlineSessionsEnded > 0 || tokensRevoked || userDisabled || passwordRemoved
                || factorsRemoved > 0 || deviceRetired || clientSessionsEnded > 0;
    }

    /** The JSON view (field names are part of the REST answer). */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("trigger", plan.signal().trigger().id());
        view.put("subject", plan.signal().subject().kind());
        view.put("actions", plan.actions().stream().map(a -> a.id()).toList());
        if (plan.whyNone() != null) {
            view.put("noActionBecause", plan.whyNone());
        }
        view.put("sessionsEnded", sessionsEnded);
        view.put("offlineSessionsEnded", offlineSessionsEnded);
        view.put("tokensRevoked", tokensRevoked);
        view.put("userDisabled", userDisabled);
        view.put("passwordRemoved", passwordRemoved);
        view.put("factorsRemoved", factorsRemoved);
        view.put("deviceRetired", deviceRetired);
        view.put("clientSessionsEnded", clientSessionsEnded);
        view.put("changed", changedAnything());
        if (!problems.isEmpty()) {
            view.put("problems", problems);
        }
        return view;
    }
}
