package io.github.zerotrust.keycloak.policy;

import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.guest.Guest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Zero Trust - guest access}: a guest signs in only with a sponsor and an end date his account cannot change,
 * and only before that date. Everyone else passes. A guest without such a record is refused unless the admin set
 * {@code missing_record} to {@code allow} (fail closed).
 */
public final class GuestAccessRule {

    public static final String ENDED_MESSAGE = "ztGuestAccessEnded";
    public static final String NOT_SET_UP_MESSAGE = "ztGuestNotSetUp";

    /** @param allowMissingRecord let a guest without a complete record in (the admin chose so) */
    public record Settings(boolean allowMissingRecord) implements StepSettings {

        public static final String MISSING_RECORD = "missing_record";
        /** Each default as an admin would type it: what the parser falls back to and the step's screen shows. */
        public static final Map<String, String> DEFAULT_TEXT = Map.of(MISSING_RECORD, "deny");

        public static Settings parse(Map<String, String> config) {
            return new Settings("allow".equalsIgnoreCase(ConfigMap.of(config).text(MISSING_RECORD, DEFAULT_TEXT.get(MISSING_RECORD))));
        }
    }

    private GuestAccessRule() {
    }

    static Verdict judge(SignIn signIn, Settings settings) {
        if (signIn.who().isEmpty()) {
            return Verdict.acts(new Action.Deny(NOT_SET_UP_MESSAGE, List.of()), Reason.GUEST_USER_NOT_KNOWN, "user not known yet");
        }
        Optional<Guest> guest = signIn.who().get().guest();
        if (guest.isEmpty()) {
            return Verdict.passes(Reason.NOT_A_GUEST, "not a guest");
        }
        String who = "guest (" + guest.get().source().id() + ")";
        Optional<String> missing = guest.get().missing();
        if (guest.get().ended(signIn.at())) {
            return Verdict.acts(new Action.Deny(ENDED_MESSAGE, List.of()), Reason.GUEST_ACCESS_ENDED,
                    who + " access ended at " + guest.get().endsAt().get());
        }
        if (missing.isPresent()) {
            return settings.allowMissingRecord()
                    ? Verdict.passes(Reason.GUEST_NOT_SET_UP, who + " with " + missing.get() + ", let in (missing_record allow)")
                    : Verdict.acts(new Action.Deny(NOT_SET_UP_MESSAGE, List.of()), Reason.GUEST_NOT_SET_UP, who + " with " + missing.get());
        }
        return Verdict.passes(Reason.GUEST_ACCESS_ACTIVE, who + " until " + guest.get().endsAt().get());
    }
}
