package io.github.zerotrust.keycloak.signals;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of Keycloak's own events are critical: the ones after which sessions must not go on as before. Read from
 * the event's type and details (user events) or its operation and resource path (admin events) as plain text, so
 * the mapping is testable without a server. The shell confirms what only the model knows (that an updated account
 * is disabled now) before it raises the signal.
 */
public final class CriticalEvents {

    /** Keycloak's event detail naming a credential's type ({@code Details.CREDENTIAL_TYPE}). */
    static final String CREDENTIAL_TYPE = "credential_type";
    /** Keycloak's event detail naming a custom required action ({@code Details.CUSTOM_REQUIRED_ACTION}). */
    static final String CUSTOM_REQUIRED_ACTION = "custom_required_action";
    private static final String PASSWORD = "password";
    /** Required actions that register a second factor (a one-time code, a security key, a passkey). */
    private static final Set<String> FACTOR_ACTIONS = Set.of("webauthn-register", "webauthn-register-passwordless",
            "CONFIGURE_TOTP", "configure-totp");
    /** Longer than any id Keycloak makes: a path segment beyond it is not a user id. */
    static final int MAX_ID = 255;

    private CriticalEvents() {
    }

    /** The trigger a user event raises, if it is critical; {@code type} is Keycloak's {@code EventType} name. */
    public static Optional<Trigger> ofUserEvent(String type, Map<String, String> details) {
        if (type == null) {
            return Optional.empty();
        }
        String credentialType = details == null ? null : details.get(CREDENTIAL_TYPE);
        return switch (type) {
            case "UPDATE_PASSWORD", "RESET_PASSWORD" -> Optional.of(Trigger.PASSWORD_CHANGED);
            // Any credential but a password that is set up is a new factor; one of unknown type counts as one too.
            case "UPDATE_CREDENTIAL" -> Optional.of(isPassword(credentialType) ? Trigger.PASSWORD_CHANGED : Trigger.FACTOR_REGISTERED);
            case "UPDATE_TOTP" -> Optional.of(Trigger.FACTOR_REGISTERED);
            case "CUSTOM_REQUIRED_ACTION" -> {
                String action = details == null ? null : details.get(CUSTOM_REQUIRED_ACTION);
                yield action != null && FACTOR_ACTIONS.contains(action) ? Optional.of(Trigger.FACTOR_REGISTERED) : Optional.empty();
            }
            case "REMOVE_CREDENTIAL", "REMOVE_TOTP" -> Optional.of(Trigger.CREDENTIAL_REMOVED);
            default -> Optional.empty();
        };
    }

    /** A critical admin event: what it raises, about which user. */
    public record AdminChange(Trigger trigger, String userId) {
    }

    /**
     * The change an admin event made, if it is critical. {@code operation} is Keycloak's {@code OperationType} name,
     * {@code resourcePath} the event's path below the realm ({@code users/{id}/reset-password}). An update of the
     * user itself answers {@link Trigger#USER_DISABLED}: the shell raises it only if the account is disabled now.
     */
    public static Optional<AdminChange> ofAdminEvent(String operation, String resourcePath) {
        if (operation == null || resourcePath == null) {
            return Optional.empty();
        }
        String[] part = resourcePath.split("/", -1);
        if (part.length < 2 || !"users".equals(part[0]) || !isId(part[1])) {
            return Optional.empty();
        }
        String user = part[1];
        Trigger trigger = null;
        if (part.length == 2) {
            trigger = switch (operation) {
                case "UPDATE" -> Trigger.USER_DISABLED;
                case "DELETE" -> Trigger.USER_DELETED;
                default -> null;
            };
        } else if (part.length == 3 && "reset-password".equals(part[2]) && isWrite(operation)) {
            trigger = Trigger.PASSWORD_CHANGED;
        } else if (part.length == 3 && "disable-credential-types".equals(part[2]) && isWrite(operation)) {
            trigger = Trigger.CREDENTIAL_REMOVED;
        } else if (part.length == 3 && "logout".equals(part[2]) && "ACTION".equals(operation)) {
            trigger = Trigger.SIGN_OUT_EVERYWHERE;
        } else if (part.length == 4 && "credentials".equals(part[2]) && isId(part[3])
                && ("ACTION".equals(operation) || "DELETE".equals(operation))) {
            // Only the credential itself: .../userLabel, .../moveToFirst and .../moveAfter/{id} change no secret.
            trigger = Trigger.CREDENTIAL_REMOVED;
        }
        return Optional.ofNullable(trigger).map(t -> new AdminChange(t, user));
    }

    private static boolean isPassword(String credentialType) {
        return credentialType != null && credentialType.startsWith(PASSWORD);
    }

    private static boolean isWrite(String operation) {
        return "ACTION".equals(operation) || "UPDATE".equals(operation);
    }

    private static boolean isId(String segment) {
        return !segment.isBlank() && segment.length() <= MAX_ID;
    }
}
