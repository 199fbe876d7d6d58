package io.github.zerotrust.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lockout guard's decision about one proposed change (a step enforced, a flow bound), from what What-If says each
 * person who must keep access would meet after it. Refused when the change would refuse every admin it touches, any
 * break-glass account, or the admin making it; a warning when someone would be asked for a factor they have not
 * registered; else allowed. Pure: the shell finds the people and walks the flows.
 */
public final class LockoutGuard {

    /** Why a person must keep access; a person may have several. */
    public enum Standing {
        /** Holds realm-admin or manage-realm of the realm (directly, by composite or group). */
        REALM_ADMIN,
        /** Administers the realm from the master realm. */
        MASTER_ADMIN,
        /** A break-glass account of the realm. */
        BREAK_GLASS,
        /** The admin asking for the change. */
        CALLER
    }

    /** A factor a flow would ask for: the step and the credential type it checks; empty type when the step names none. */
    public record Factor(String step, Optional<String> credentialType, boolean registered) {
        public Factor {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(credentialType, "credentialType");
        }
    }

    /** What the person would meet after the change. */
    public sealed interface Outcome permits Allowed, Refused, Asked, Untouched {
    }

    /** Let in without being asked for anything the person has not registered. */
    public record Allowed() implements Outcome {
    }

    /** Refused by {@code step}, for {@code reason}. */
    public record Refused(String step, String reason) implements Outcome {
    }

    /** Let in after being asked for {@code factors}. */
    public record Asked(List<Factor> factors) implements Outcome {
        public Asked {
            factors = List.copyOf(factors);
        }

        public List<Factor> unregistered() {
            return factors.stream().filter(f -> !f.registered()).toList();
        }
    }

    /** Signs in somewhere the change does not touch (an admin of the master realm, for a change to another realm). */
    public record Untouched(String why) implements Outcome {
    }

    public record Person(String id, String username, Set<Standing> standings, Outcome outcome) {
        public Person {
            Objects.requireNonNull(id, "id");
            standings = Set.copyOf(standings);
            Objects.requireNonNull(outcome, "outcome");
        }

        boolean isAdmin() {
            return standings.contains(Standing.REALM_ADMIN) || standings.contains(Standing.MASTER_ADMIN)
                    || standings.contains(Standing.CALLER);
        }

        boolean refused() {
            return outcome instanceof Refused;
        }

        String name() {
            return username == null ? id : username;
        }
    }

    public enum Result {
        ALLOW("allow"), WARN("warn"), REFUSE("refuse");

        private final String id;

        Result(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * @param reasons  why the change is refused, one per rule and person (empty unless refused)
     * @param warnings who would be asked for a factor they have not registered
     */
    public record Verdict(Result result, List<String> reasons, List<String> warnings) {
        public Verdict {
            reasons = List.copyOf(reasons);
            warnings = List.copyOf(warnings);
        }

        public Map<String, Object> view() {
            return Map.of("result", result.id(), "reasons", reasons, "warnings", warnings);
        }
    }

    private LockoutGuard() {
    }

    public static Verdict judge(List<Person> people) {
        List<String> reasons = new ArrayList<>();
        // Every admin the change touches: an admin who signs in elsewhere (master) still sees this realm, but the
        // company that runs the realm from its own accounts would be locked out, so they do not save the change.
        List<Person> touchedAdmins = people.stream().filter(Person::isAdmin).filter(p -> !(p.outcome() instanceof Untouched)).toList();
        if (!touchedAdmins.isEmpty() && touchedAdmins.stream().allMatch(Person::refused)) {
            reasons.add("it would refuse every admin of the realm (" + touchedAdmins.size() + "): "
                    + String.join(", ", touchedAdmins.stream().map(LockoutGuard::refusal).toList()));
        }
        for (Person person : people) {
            if (person.refused() && person.standings().contains(Standing.BREAK_GLASS)) {
                reasons.add("it would refuse the break-glass account " + refusal(person));
            }
        }
        for (Person person : people) {
            if (person.refused() && person.standings().contains(Standing.CALLER)) {
                reasons.add("it would refuse you, " + refusal(person));
            }
        }
        if (!reasons.isEmpty()) {
            return new Verdict(Result.REFUSE, reasons, List.of());
        }
        List<String> warnings = new ArrayList<>();
        for (Person person : people) {
            if (person.outcome() instanceof Asked asked && !asked.unregistered().isEmpty()) {
                warnings.add(person.name() + " would be asked for " + String.join(", ", asked.unregistered().stream()
                        .map(f -> f.credentialType().orElse(f.step()) + " (" + f.step() + ")").toList())
                        + ", not registered: they must register it at that sign-in");
            }
        }
        return new Verdict(warnings.isEmpty() ? Result.ALLOW : Result.WARN, List.of(), warnings);
    }

    private static String refusal(Person person) {
        Refused refused = (Refused) person.outcome();
        return person.name() + " (by " + refused.step() + ": " + refused.reason() + ")";
    }
}
