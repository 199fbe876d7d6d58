package io.github.zerotrust.keycloak.signals;

import java.util.ArrayList;
import java.util.List;

import static io.github.zerotrust.keycloak.signals.Action.DISABLE_USER;
import static io.github.zerotrust.keycloak.signals.Action.END_DEVICE_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.END_OFFLINE_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.END_OTHER_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.END_SESSION;
import static io.github.zerotrust.keycloak.signals.Action.END_USER_SESSIONS;
import static io.github.zerotrust.keycloak.signals.Action.REQUIRE_FACTOR_REREGISTRATION;
import static io.github.zerotrust.keycloak.signals.Action.REQUIRE_PASSWORD_RESET;
import static io.github.zerotrust.keycloak.signals.Action.RETIRE_DEVICE;
import static io.github.zerotrust.keycloak.signals.Action.REVOKE_CLIENT_TOKENS;
import static io.github.zerotrust.keycloak.signals.Action.REVOKE_USER_TOKENS;

/**
 * The one place that decides what a signal invalidates. The realm's own events, the suite's own decisions,
 * Shared Signals from a transmitter and an admin's containment call all ask it; the shell only carries the
 * plan out. A plan never reaches further than its subject: a signal about one session ends that session, one
 * about a device ends that device's sessions, one about a user ends that user's.
 */
public final class Revocations {

    private Revocations() {
    }

    /**
     * @param privilegedUser whether the subject holds a privileged role (only read for {@link Trigger#FACTOR_REGISTERED})
     */
    public static Plan plan(Signal signal, SignalSettings settings, boolean privilegedUser) {
        Trigger trigger = signal.trigger();
        Subject subject = signal.subject();
        if (settings.off().contains(trigger)) {
            return Plan.none(signal, "turned off in " + SignalSettings.OFF);
        }
        return switch (trigger) {
            case USER_DISABLED, USER_DELETED -> userPlan(signal,
                    List.of(DISABLE_USER, END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS));
            case PASSWORD_CHANGED, CREDENTIAL_REMOVED ->
                // The session the change was made in stays: it just proved the new credential (or still holds
                // the remaining ones); every other session and every offline token ends.
                    userPlan(signal, List.of(END_OTHER_SESSIONS, END_OFFLINE_SESSIONS));
            case FACTOR_REGISTERED -> newFactor(signal, settings, privilegedUser);
            case SIGN_OUT_EVERYWHERE, RISK_HIGH -> userPlan(signal,
                    List.of(END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS));
            case SESSION_REVOKED -> subject.session().isPresent()
                    ? Plan.of(signal, List.of(END_SESSION))
                    : userPlan(signal, List.of(END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS));
            case ELEVATION_ENDED -> Plan.none(signal,
                    "tokens never outlive an elevation (capped at its end) and a refresh no longer carries the role");
            case DEVICE_NON_COMPLIANT, DEVICE_RETIRED, DEVICE_REMOVED -> subject.device().isPresent()
                    ? Plan.of(signal, List.of(END_DEVICE_SESSIONS))
                    : Plan.none(signal, "no device named");
            case CREDENTIAL_COMPROMISE, CREDENTIAL_CHANGE_REQUIRED -> userPlan(signal,
                    List.of(REQUIRE_PASSWORD_RESET, END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS));
            case ASSURANCE_DECREASED ->
                // The next request signs in again, through every step of the flow: stronger than a step-up, and
                // the only one an SSO cookie cannot skip.
                    userPlan(signal, List.of(END_USER_SESSIONS));
            case CONTAIN_USER -> containUser(signal, new Containment(false, true, true));
            case CONTAIN_DEVICE -> subject.device().isPresent()
                    ? Plan.of(signal, List.of(RETIRE_DEVICE, END_DEVICE_SESSIONS))
                    : Plan.none(signal, "no device named");
            case CONTAIN_CLIENT -> subject.client().isPresent()
                    ? Plan.of(signal, List.of(REVOKE_CLIENT_TOKENS))
                    : Plan.none(signal, "no client named");
        };
    }

    /** What an admin asked of a user's containment, beyond ending every session and token. */
    public record Containment(boolean disable, boolean resetPassword, boolean reRegisterFactors) {
    }

    /** A user's containment: every session (online and offline) and token ends; the rest as asked. */
    public static Plan containUser(Signal signal, Containment asked) {
        if (signal.trigger() != Trigger.CONTAIN_USER) {
            throw new IllegalArgumentException("not a containment: " + signal.trigger().id());
        }
        List<Action> actions = new ArrayList<>(List.of(END_USER_SESSIONS, END_OFFLINE_SESSIONS, REVOKE_USER_TOKENS));
        if (asked.disable()) {
            actions.add(DISABLE_USER);
        }
        if (asked.resetPassword()) {
            actions.add(REQUIRE_PASSWORD_RESET);
        }
        if (asked.reRegisterFactors()) {
            actions.add(REQUIRE_FACTOR_REREGISTRATION);
        }
        return userPlan(signal, actions);
    }

    private static Plan newFactor(Signal signal, SignalSettings settings, boolean privilegedUser) {
        return switch (settings.newFactorEndsSessions()) {
            case NOBODY -> Plan.none(signal, SignalSettings.NEW_FACTOR + " is nobody");
            case PRIVILEGED -> privilegedUser ? userPlan(signal, List.of(END_OTHER_SESSIONS, END_OFFLINE_SESSIONS))
                    : Plan.none(signal, "not a privileged account (" + SignalSettings.NEW_FACTOR + " is privileged)");
            case EVERYONE -> userPlan(signal, List.of(END_OTHER_SESSIONS, END_OFFLINE_SESSIONS));
        };
    }

    private static Plan userPlan(Signal signal, List<Action> actions) {
        return signal.subject().user().isPresent() ? Plan.of(signal, actions) : Plan.none(signal, "no user named");
    }
}
