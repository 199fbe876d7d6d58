package io.github.zerotrust.keycloak.signals;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The realm's choices about signals, from its attributes. Defaults end sessions on every critical event
 * (fail closed); an admin may turn a trigger off ({@value #OFF}), never a containment.
 *
 * @param off                 triggers an admin turned off: they are recorded, and nothing is done
 * @param newFactorEndsSessions whose other sessions end when a new factor is registered
 * @param problems            unreadable values, for the admin (each fell back to its default)
 */
public record SignalSettings(Set<Trigger> off, NewFactor newFactorEndsSessions, List<String> problems) {

    /** Comma-separated trigger ids, e.g. {@code password-changed,credential-removed}. Default: none. */
    public static final String OFF = "zt.signals.off";
    /** {@code privileged} (default: holders of a privileged role), {@code everyone} or {@code nobody}. */
    public static final String NEW_FACTOR = "zt.signals.new-factor-ends-sessions";

    /** Containment is an admin's explicit act: no setting turns it into nothing. */
    private static final Set<Trigger> ALWAYS_ON = EnumSet.of(Trigger.CONTAIN_USER, Trigger.CONTAIN_DEVICE, Trigger.CONTAIN_CLIENT);

    public enum NewFactor {
        PRIVILEGED, EVERYONE, NOBODY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SignalSettings {
        off = off.isEmpty() ? EnumSet.noneOf(Trigger.class) : EnumSet.copyOf(off);
        problems = List.copyOf(problems);
    }

    public static SignalSettings defaults() {
        return new SignalSettings(EnumSet.noneOf(Trigger.class), NewFactor.PRIVILEGED, List.of());
    }

    public static SignalSettings parse(Map<String, String> attributes) {
        ConfigMap in = ConfigMap.of(attributes);
        Set<Trigger> off = EnumSet.noneOf(Trigger.class);
        for (String id : in.items(OFF)) {
            Optional<Trigger> trigger = Trigger.parse(id);
            if (trigger.isEmpty()) {
                in.problem(OFF, "unknown trigger '" + ConfigMap.abbreviated(id) + "' (ignored); known: " + String.join(", ",
                        Arrays.stream(Trigger.values()).filter(t -> !ALWAYS_ON.contains(t)).map(Trigger::id).toList()));
            } else if (ALWAYS_ON.contains(trigger.get())) {
                in.problem(OFF, id + " cannot be turned off (ignored)");
            } else {
                off.add(trigger.get());
            }
        }
        NewFactor newFactor = in.value(NEW_FACTOR, NewFactor.PRIVILEGED,
                text -> NewFactor.valueOf(text.strip().toUpperCase(Locale.ROOT)));
        return new SignalSettings(off, newFactor, in.problems());
    }
}
