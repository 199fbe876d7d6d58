package io.github.zerotrust.keycloak.signals;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The actions a signal calls for, in the order the shell takes them (the account first, then its sessions,
 * then its tokens), and, when there are none, why not.
 */
public record Plan(Signal signal, List<Action> actions, String whyNone) {

    public Plan {
        actions = List.copyOf(actions);
    }

    static Plan of(Signal signal, List<Action> actions) {
        return new Plan(signal, actions.stream().sorted().distinct().toList(), null);
    }

    static Plan none(Signal signal, String why) {
        return new Plan(signal, List.of(), why);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    public boolean has(Action action) {
        return actions.contains(action);
    }

    /** The {@code zt_signal_actions} detail: action ids, comma-separated. */
    public String actionIds() {
        return actions.stream().map(Action::id).collect(Collectors.joining(","));
    }
}
